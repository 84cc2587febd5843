/** Port data types. `any` connects to everything; otherwise types must match exactly. */
export const PortTypes = ['any', 'audio', 'analysis', 'notes', 'peaks', 'segments', 'workflow', 'file', 'json', 'number', 'string'] as const;
export type PortType = (typeof PortTypes)[number];

export interface PortSpec {
  name: string;
  type: PortType;
  /** Inputs only: an unconnected required input is a MISSING_INPUT error. */
  required?: boolean;
  description?: string;
}

export function portTypesCompatible(from: PortType, to: PortType): boolean {
  return from === 'any' || to === 'any' || from === to;
}

/** The serialisable description of a node type, as the palette and validator see it. */
export interface NodeTypeInfo {
  type: string;
  version: number;
  title: string;
  category: string;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  cacheable: boolean;
  /** JSON Schema of the params (from zod), for forms in the UI. */
  paramsSchema?: unknown;
  defaultParams?: Record<string, unknown>;
}
