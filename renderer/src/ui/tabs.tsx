/** A row of tabs (role tablist); the panel owns which tab is active. */
export function Tabs<T extends string>({ tabs, active, onSelect }: { tabs: readonly T[]; active: T; onSelect: (tab: T) => void }) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t} role="tab" aria-selected={active === t} className={active === t ? 'tab active' : 'tab'} onClick={() => onSelect(t)}>
          {t}
        </button>
      ))}
    </div>
  );
}
