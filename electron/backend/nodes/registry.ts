/** The node-type registry: the one place the validator, scheduler and palette learn node types from. */
import { z } from 'zod';
import type { NodeTypeInfo } from '../../../shared/ports.ts';
import type { NodeTypeDef, ResourceNeeds } from './types.ts';

export class NodeRegistry {
  private readonly types = new Map<string, NodeTypeDef<any>>();

  register<P>(def: NodeTypeDef<P>): this {
    if (this.types.has(def.type)) throw new Error(`node type ${def.type} is registered twice`);
    const names = new Set<string>();
    for (const p of def.inputs) {
      if (names.has(`in:${p.name}`)) throw new Error(`${def.type}: duplicate input ${p.name}`);
      names.add(`in:${p.name}`);
    }
    this.types.set(def.type, def as NodeTypeDef<any>);
    return this;
  }

  get(type: string): NodeTypeDef<any> | undefined {
    return this.types.get(type);
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  list(): NodeTypeDef<any>[] {
    return [...this.types.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  info(): NodeTypeInfo[] {
    return this.list().map(describeNodeType);
  }
}

export function describeNodeType(def: NodeTypeDef<any>): NodeTypeInfo {
  let paramsSchema: unknown;
  try {
    paramsSchema = z.toJSONSchema(def.params, { unrepresentable: 'any', io: 'input' });
  } catch {
    paramsSchema = undefined;
  }
  let defaultParams: Record<string, unknown> | undefined;
  const parsed = def.params.safeParse({});
  if (parsed.success && typeof parsed.data === 'object' && parsed.data !== null) defaultParams = parsed.data as Record<string, unknown>;
  return {
    type: def.type,
    version: def.version,
    title: def.title,
    category: def.category,
    description: def.description,
    inputs: def.inputs,
    outputs: def.outputs,
    cacheable: def.cacheable,
    ...(paramsSchema === undefined ? {} : { paramsSchema }),
    ...(defaultParams === undefined ? {} : { defaultParams }),
  };
}

export function resourceNeedsOf<P>(def: NodeTypeDef<P>, params: P): Required<Omit<ResourceNeeds, 'breakerKey'>> & { breakerKey?: string } {
  const r = typeof def.resources === 'function' ? def.resources(params) : (def.resources ?? {});
  const out: Required<Omit<ResourceNeeds, 'breakerKey'>> & { breakerKey?: string } = { cpu: r.cpu ?? 1, gpu: r.gpu ?? 0, memoryMb: r.memoryMb ?? 0 };
  if (r.breakerKey !== undefined) out.breakerKey = r.breakerKey;
  return out;
}
