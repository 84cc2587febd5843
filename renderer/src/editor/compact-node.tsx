/**
 * The compact (zoomed-out) body of a workflow node: its title in a large font, its run status as a
 * colour, and its handles stacked at mid-height so edges keep attaching to the same port ids.
 * No port labels, progress bar, notes or error text: those return when the user zooms in.
 */
import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { selectNodeType, useNodeTypes } from '../stores/node-types-store.ts';
import { portColor } from './port-colors.ts';

/** Handles only (no labels), so connections and edge anchors survive the switch to compact. */
export const CompactHandles = memo(function CompactHandles({ nodeType }: { nodeType: string }) {
  const info = useNodeTypes(selectNodeType(nodeType));
  return (
    <>
      {(info?.inputs ?? []).map((p) => (
        <Handle key={`i-${p.name}`} type="target" position={Position.Left} id={p.name} className={`handle pt-${p.type}`} style={{ background: portColor(p.type) }} />
      ))}
      {(info?.outputs ?? []).map((p) => (
        <Handle key={`o-${p.name}`} type="source" position={Position.Right} id={p.name} className={`handle pt-${p.type}`} style={{ background: portColor(p.type) }} />
      ))}
    </>
  );
});

export function CompactNodeBody({ title, nodeType }: { title: string; nodeType: string }) {
  return (
    <>
      <div className="gnode-compact-title" title={title}>
        {title}
      </div>
      <CompactHandles nodeType={nodeType} />
    </>
  );
}
