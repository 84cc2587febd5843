/** The selected node: title, type, params (a form from the type's JSON Schema) and its last run state. */
import { useEffect, useState } from 'react';
import type { GrymNode } from '../editor/graph-types.ts';
import { retryRun } from '../monitor/run-controller.ts';
import { useGraph } from '../stores/graph-store.ts';
import { useNodeTypes } from '../stores/node-types-store.ts';
import { ms, useRun } from '../stores/run-store.ts';
import { useValidation } from '../stores/validation-store.ts';

interface PropSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
}

function ParamField({ node, name, schema }: { node: GrymNode; name: string; schema: PropSchema }) {
  const value = node.data.params[name] ?? schema.default;
  const [draft, setDraft] = useState(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  useEffect(() => setDraft(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)), [value]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const commit = (v: unknown) => {
    const params = { ...node.data.params };
    if (v === '' || v === undefined) delete params[name];
    else params[name] = v;
    useGraph.getState().setParams(node.id, params);
  };
  if (schema.enum) {
    return (
      <select aria-label={name} value={String(value ?? '')} onChange={(e) => commit(e.target.value)}>
        {schema.enum.map((o) => (
          <option key={String(o)}>{String(o)}</option>
        ))}
      </select>
    );
  }
  if (type === 'boolean') return <input type="checkbox" aria-label={name} checked={value === true} onChange={(e) => commit(e.target.checked)} />;
  const numeric = type === 'number' || type === 'integer';
  return (
    <input
      aria-label={name}
      type={numeric ? 'number' : 'text'}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        if (numeric) commit(draft === '' ? '' : Number(draft));
        else if (type === 'string' || type === undefined) commit(draft);
        else {
          try {
            commit(JSON.parse(draft));
          } catch {
            commit(draft);
          }
        }
      }}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
    />
  );
}

export function NodeInspector({ node }: { node: GrymNode }) {
  const info = useNodeTypes((s) => s.byType.get(node.data.nodeType));
  const run = useRun((s) => s.nodes[node.id]);
  const issues = useValidation((s) => s.byNode[node.id]);
  const props = ((info?.paramsSchema as { properties?: Record<string, PropSchema> } | undefined)?.properties ?? {}) as Record<string, PropSchema>;
  const names = [...new Set([...Object.keys(props), ...Object.keys(node.data.params)])];
  return (
    <div className="node-inspector" aria-label="Node inspector">
      <label className="field">
        <span>Title</span>
        <input
          aria-label="Node title"
          value={node.data.title}
          onChange={(e) => useGraph.setState((s) => ({ nodes: s.nodes.map((n) => (n.id === node.id ? { ...n, data: { ...n.data, title: e.target.value } } : n)), revision: s.revision + 1 }))}
        />
      </label>
      <div className="muted small-text">
        {node.id} · {node.data.nodeType}
        {info ? ` v${info.version}` : ' (unknown type)'}
      </div>
      {info?.description && <p className="desc">{info.description}</p>}
      {names.length > 0 && <div className="panel-sub">Parameters</div>}
      {names.map((n) => (
        <label key={n} className="field" title={props[n]?.description}>
          <span>{n}</span>
          <ParamField node={node} name={n} schema={props[n] ?? {}} />
        </label>
      ))}
      {issues && issues.length > 0 && (
        <div className="issues">
          {issues.map((i, k) => (
            <div key={k} className="err">
              <code>{i.code}</code> {i.message}
            </div>
          ))}
        </div>
      )}
      {run && (
        <>
          <div className="panel-sub">Last run</div>
          <div>
            <span className={`badge st-${run.status}`}>{run.status}</span> attempt {run.attempt}
            {run.durationMs !== undefined ? ` · ${ms(run.durationMs)}` : ''}
          </div>
          {run.error && (
            <div className="err">
              <code>{run.error.code}</code> {run.error.message}{' '}
              <button className="small" onClick={() => void retryRun()}>
                Retry
              </button>
            </div>
          )}
          {run.outputs && (
            <div className="small-text">
              {Object.entries(run.outputs).map(([p, h]) => (
                <div key={p}>
                  {p}: <code>{h.slice(0, 12)}…</code>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
