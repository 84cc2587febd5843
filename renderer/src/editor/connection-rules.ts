/** Whether a connection between two ports may be made, and if not, why (shown to the user). */
import type { NodeTypeInfo, PortSpec } from '../../../shared/ports.ts';
import { portTypesCompatible } from '../../../shared/ports.ts';

export interface ConnectionEnds {
  sourceType: string;
  sourcePort: string;
  targetType: string;
  targetPort: string;
  sameNode: boolean;
}

export type ConnectionVerdict = { ok: true; from: PortSpec; to: PortSpec } | { ok: false; reason: string };

export function checkConnection(ends: ConnectionEnds, types: ReadonlyMap<string, NodeTypeInfo>): ConnectionVerdict {
  if (ends.sameNode) return { ok: false, reason: 'A node cannot connect to itself.' };
  const src = types.get(ends.sourceType);
  const dst = types.get(ends.targetType);
  if (!src) return { ok: false, reason: `Unknown node type "${ends.sourceType}".` };
  if (!dst) return { ok: false, reason: `Unknown node type "${ends.targetType}".` };
  const from = src.outputs.find((p) => p.name === ends.sourcePort);
  const to = dst.inputs.find((p) => p.name === ends.targetPort);
  if (!from) return { ok: false, reason: `${src.title} has no output "${ends.sourcePort}".` };
  if (!to) return { ok: false, reason: `${dst.title} has no input "${ends.targetPort}".` };
  if (!portTypesCompatible(from.type, to.type)) {
    return {
      ok: false,
      reason: `Incompatible ports: ${src.title}.${from.name} gives ${from.type}, but ${dst.title}.${to.name} takes ${to.type}.`,
    };
  }
  return { ok: true, from, to };
}
