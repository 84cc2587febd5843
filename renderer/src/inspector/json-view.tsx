/** Collapsible JSON: objects and arrays fold with <details>; long arrays show their first items. */
const MAX_ITEMS = 50;

export function JsonView({ value, name, open = false }: { value: unknown; name?: string; open?: boolean }) {
  if (value === null || typeof value !== 'object') {
    return (
      <span className="json-leaf">
        {name !== undefined && <span className="json-key">{name}: </span>}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </span>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const label = Array.isArray(value) ? `Array(${value.length})` : `{${entries.length}}`;
  return (
    <details className="json" open={open}>
      <summary>
        {name !== undefined && <span className="json-key">{name}: </span>}
        <span className="muted">{label}</span>
      </summary>
      <div className="json-body">
        {entries.slice(0, MAX_ITEMS).map(([k, v]) => (
          <div key={k}>
            <JsonView value={v} name={k} />
          </div>
        ))}
        {entries.length > MAX_ITEMS && <div className="muted">… {entries.length - MAX_ITEMS} more</div>}
      </div>
    </details>
  );
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
