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
