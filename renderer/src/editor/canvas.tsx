/** The node editor canvas: @xyflow/react wired to the graph store, typed connections, drops. */
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import type { Connection, Node } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import type { DragEvent } from 'react';
import { useGraph } from '../stores/graph-store.ts';
import type { GraphState } from '../stores/graph-store.ts';
import { titleOfType, useNodeTypes } from '../stores/node-types-store.ts';
import { useRun } from '../stores/run-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { checkConnection } from './connection-rules.ts';
import { importAudioFiles } from './drop-import.ts';
import type { GrymNode } from './graph-types.ts';
import { nodeTypes } from './grym-node.tsx';
import { useSmoothPan } from './smooth-pan.ts';

export const PALETTE_MIME = 'application/x-grym-node-type';

const selNodes = (s: GraphState) => s.nodes;
const selEdges = (s: GraphState) => s.edges;
const selOnNodes = (s: GraphState) => s.onNodesChange;
const selOnEdges = (s: GraphState) => s.onEdgesChange;

const statusColor: Record<string, string> = {
  running: '#38bdf8',
  queued: '#64748b',
  completed: '#22c55e',
  cached: '#14b8a6',
  failed: '#ef4444',
  cancelled: '#f97316',
};
function miniColor(n: Node): string {
  return statusColor[useRun.getState().nodes[n.id]?.status ?? ''] ?? '#475569';
}

export function tryConnect(c: Connection): boolean {
  const g = useGraph.getState();
  const src = g.nodes.find((n) => n.id === c.source);
  const dst = g.nodes.find((n) => n.id === c.target);
  if (!src || !dst || !c.sourceHandle || !c.targetHandle) return false;
  const verdict = checkConnection(
    { sourceType: src.data.nodeType, sourcePort: c.sourceHandle, targetType: dst.data.nodeType, targetPort: c.targetHandle, sameNode: src.id === dst.id },
    useNodeTypes.getState().byType,
  );
  if (!verdict.ok) {
    useUi.getState().toast('error', `Connection refused. ${verdict.reason}`);
    return false;
  }
  g.connect(src.id, c.sourceHandle, dst.id, c.targetHandle);
  useUi.getState().setStatus(`Connected ${src.data.title}.${c.sourceHandle} → ${dst.data.title}.${c.targetHandle}`);
  return true;
}

export function Canvas() {
  const nodes = useGraph(selNodes);
  const edges = useGraph(selEdges);
  const onNodesChange = useGraph(selOnNodes);
  const onEdgesChange = useGraph(selOnEdges);
  const loadCount = useGraph((s) => s.loadCount);
  const { screenToFlowPosition, fitView } = useReactFlow<GrymNode>();
  const moving = useSmoothPan();

  // Fit a freshly opened workflow into view (not on every added node).
  useEffect(() => {
    if (loadCount === 0) return;
    const t = setTimeout(() => void fitView({ maxZoom: 1, padding: 0.2 }), 50);
    return () => clearTimeout(t);
  }, [loadCount, fitView]);

  const onDragOver = useCallback((e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      e.preventDefault();
      const at = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (type) {
        useGraph.getState().addNode(type, titleOfType(type), at, { ...(useNodeTypes.getState().byType.get(type)?.defaultParams ?? {}) });
        return;
      }
      const files = Array.from(e.dataTransfer.files);
      if (files.length > 0) void importAudioFiles(files, at);
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" ref={moving.ref} onDragOver={onDragOver} onDrop={onDrop} aria-label="Workflow canvas" role="region">
      {nodes.length === 0 && (
        <div className="canvas-hint">
          <div>
            <b>Drop WAV / FLAC files here</b> to load them,
            <br />
            or pick a node from the palette.
          </div>
        </div>
      )}
      <ReactFlow<GrymNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={tryConnect}
        onNodeDragStart={() => useGraph.getState().checkpoint()}
        onMoveStart={moving.onMoveStart}
        onMoveEnd={moving.onMoveEnd}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        onlyRenderVisibleElements
        colorMode="dark"
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ style: { strokeWidth: 2 } }}
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1} color="#2a3140" />
        <MiniMap pannable zoomable nodeColor={miniColor} maskColor="rgba(8,10,14,0.7)" ariaLabel="Minimap" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
