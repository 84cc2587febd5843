/** The right-hand panel: the selected node, or the context of the selected run. */
import { useState } from 'react';
import { useGraph } from '../stores/graph-store.ts';
import type { GraphState } from '../stores/graph-store.ts';
import { ContextInspector } from './context-inspector.tsx';
import { NodeInspector } from './node-inspector.tsx';
import { Tabs } from '../ui/tabs.tsx';

const selFirstSelected = (s: GraphState) => s.nodes.find((n) => n.selected);
const tabs = ['Node', 'Context'] as const;

export function InspectorPanel() {
  const node = useGraph(selFirstSelected);
  const [tab, setTab] = useState<(typeof tabs)[number]>('Node');
  return (
    <aside className="inspector panel" aria-label="Inspector">
      <Tabs tabs={tabs} active={tab} onSelect={setTab} />
      <div className="tab-body">
        {tab === 'Node' ? node ? <NodeInspector node={node} /> : <div className="muted pad">Select a node to edit its parameters.</div> : <ContextInspector nodeId={node?.id ?? null} />}
      </div>
    </aside>
  );
}
