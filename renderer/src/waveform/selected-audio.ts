/**
 * Which audio the waveform panel, the analysis readout and the export dialog talk about: the
 * selected node's own audio output, or the audio feeding the selected node (an analyze node), plus
 * the analysis computed from it.
 */
import { useMemo } from 'react';
import type { NodeTypeInfo } from '../../../shared/ports.ts';
import { withToken } from '../api/client.ts';
import { selectSelectedIds, useGraph } from '../stores/graph-store.ts';
import { useAssets } from '../stores/assets-store.ts';
import { useNodeTypes } from '../stores/node-types-store.ts';
import { useRun } from '../stores/run-store.ts';

export interface SelectedAudio {
  /** The node whose output is the audio. */
  nodeId: string;
  title: string;
  /** AudioRef artifact hash from the last run (needed for peaks after a run, and for export). */
  hash: string | null;
  /** The imported asset an `audio.load` node names (peaks and playback before any run). */
  assetId: string | null;
  url: string | null;
  /** The analysis artifact of the selected node, or of an analyze node fed by this audio. */
  analysisHash: string | null;
}

const portOf = (info: NodeTypeInfo | undefined, dir: 'inputs' | 'outputs', type: string) => info?.[dir].find((p) => p.type === type);

export function selectedAudio(): SelectedAudio | null {
  const { nodes, edges } = useGraph.getState();
  const types = useNodeTypes.getState().byType;
  const runNodes = useRun.getState().nodes;
  const sel = nodes.find((n) => n.selected);
  if (!sel) return null;
  const selInfo = types.get(sel.data.nodeType);

  let audioNode = sel;
  let audioPort = portOf(selInfo, 'outputs', 'audio')?.name;
  if (!audioPort) {
    const inPort = portOf(selInfo, 'inputs', 'audio');
    const edge = inPort && edges.find((e) => e.target === sel.id && e.targetHandle === inPort.name);
    const src = edge && nodes.find((n) => n.id === edge.source);
    if (!edge || !src) return null;
    audioNode = src;
    audioPort = edge.sourceHandle ?? 'audio';
  }
  const hash = runNodes[audioNode.id]?.outputs?.[audioPort] ?? null;
  const path = audioNode.data.params.path;
  const asset = typeof path === 'string' ? useAssets.getState().byPath[path] : undefined;

  let analysisHash: string | null = null;
  const ownAnalysis = portOf(selInfo, 'outputs', 'analysis');
  if (ownAnalysis) analysisHash = runNodes[sel.id]?.outputs?.[ownAnalysis.name] ?? null;
  if (!analysisHash) {
    for (const e of edges) {
      if (e.source !== audioNode.id) continue;
      const target = nodes.find((n) => n.id === e.target);
      const port = target && portOf(types.get(target.data.nodeType), 'outputs', 'analysis');
      const h = target && port ? runNodes[target.id]?.outputs?.[port.name] : undefined;
      if (h) {
        analysisHash = h;
        break;
      }
    }
  }
  return {
    nodeId: audioNode.id,
    title: audioNode.data.title,
    hash,
    assetId: asset?.id ?? null,
    url: asset ? withToken(asset.url) : null,
    analysisHash,
  };
}

export function useSelectedAudio(): SelectedAudio | null {
  const selected = useGraph(selectSelectedIds);
  const edges = useGraph((s) => s.edges);
  const runNodes = useRun((s) => s.nodes);
  const assets = useAssets((s) => s.byPath);
  const types = useNodeTypes((s) => s.byType);
  const a = useMemo(() => selectedAudio(), [selected, edges, runNodes, assets, types]);
  // Keep the same object while nothing the panel uses changed, so effects do not refire.
  const key = a ? `${a.nodeId}|${a.hash}|${a.assetId}|${a.analysisHash}|${a.title}` : '';
  return useMemo(() => a, [key]);
}
