/** The registered node types, as the back end lists them (`nodeTypes.list`). */
import { create } from 'zustand';
import type { NodeTypeInfo } from '../../../shared/ports.ts';

export interface NodeTypesState {
  list: NodeTypeInfo[];
  byType: ReadonlyMap<string, NodeTypeInfo>;
  setTypes: (list: NodeTypeInfo[]) => void;
}

export const useNodeTypes = create<NodeTypesState>()((set) => ({
  list: [],
  byType: new Map(),
  setTypes: (list) => set({ list, byType: new Map(list.map((t) => [t.type, t])) }),
}));

export const titleOfType = (type: string): string => useNodeTypes.getState().byType.get(type)?.title ?? type;

const typeSelectors = new Map<string, (s: NodeTypesState) => NodeTypeInfo | undefined>();
/** A stable selector per node type, so node components subscribe to their own type's info only. */
export function selectNodeType(type: string): (s: NodeTypesState) => NodeTypeInfo | undefined {
  let f = typeSelectors.get(type);
  if (!f) typeSelectors.set(type, (f = (s: NodeTypesState) => s.byType.get(type)));
  return f;
}
