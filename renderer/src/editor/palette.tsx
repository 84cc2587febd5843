/** The searchable palette of every registered node type. Click to add at the view centre, or drag. */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { NodeTypeInfo } from '../../../shared/ports.ts';
import { useGraph } from '../stores/graph-store.ts';
import { useNodeTypes } from '../stores/node-types-store.ts';
import { PALETTE_MIME } from './canvas.tsx';
import { portColor } from './port-colors.ts';

export function filterTypes(list: readonly NodeTypeInfo[], query: string): NodeTypeInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((t) => {
    const hay = `${t.type} ${t.title} ${t.category} ${t.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function Palette() {
  const list = useNodeTypes((s) => s.list);
  const [query, setQuery] = useState('');
  const { screenToFlowPosition } = useReactFlow();
  const groups = useMemo(() => {
    const m = new Map<string, NodeTypeInfo[]>();
    for (const t of filterTypes(list, query)) {
      const g = m.get(t.category) ?? [];
      g.push(t);
      m.set(t.category, g);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [list, query]);

  const add = (t: NodeTypeInfo) => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = canvas ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 } : { x: 400, y: 300 };
    // The graph store moves it off any node it would cover.
    const at = screenToFlowPosition({ x: centre.x - 300, y: centre.y - 120 });
    useGraph.getState().addNode(t.type, t.title, at, { ...(t.defaultParams ?? {}) });
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      <input className="search" type="search" placeholder="Search nodes…" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      <div className="palette-list">
        {groups.length === 0 && <div className="muted pad">No node type matches “{query}”.</div>}
        {groups.map(([cat, types]) => (
          <section key={cat}>
            <h4>{cat}</h4>
            {types.map((t) => (
              <button
                key={t.type}
                className="palette-item"
                draggable
                title={t.description}
                aria-label={`Add ${t.title}`}
                data-node-type={t.type}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, t.type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => add(t)}
              >
                <span className="palette-name">{t.title}</span>
                <span className="palette-ports">
                  {t.inputs.map((p) => (
                    <i key={`i${p.name}`} style={{ background: portColor(p.type) }} title={`in ${p.name}: ${p.type}`} />
                  ))}
                  <b>→</b>
                  {t.outputs.map((p) => (
                    <i key={`o${p.name}`} style={{ background: portColor(p.type) }} title={`out ${p.name}: ${p.type}`} />
                  ))}
                </span>
                <span className="palette-type">{t.type}</span>
              </button>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
