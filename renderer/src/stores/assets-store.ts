/** Imported assets, by the path an `audio.load` node names, so the waveform can show them before a run. */
import { create } from 'zustand';
import type { AssetInfo } from '../../../shared/contract.ts';

export interface AssetsState {
  byPath: Record<string, AssetInfo>;
  add: (assets: AssetInfo[]) => void;
}

export const useAssets = create<AssetsState>()((set) => ({
  byPath: {},
  add: (assets) => set((s) => ({ byPath: { ...s.byPath, ...Object.fromEntries(assets.map((a) => [a.path, a])) } })),
}));
