/**
 * User commands as registered actions (Excalidraw style): one record gives the menu label, the key
 * binding and the behaviour, so toolbar buttons, shortcuts and tests all reach the same code.
 */
export interface Action {
  name: string;
  label: string;
  /** Key bindings like `Mod+Z`, `Mod+Shift+Z`, `Delete`, `Space` (Mod = Ctrl or ⌘). */
  keys?: string[];
  /** Whether the action may run now (disables its buttons). */
  enabled?: () => boolean;
  perform: () => unknown;
}

const registry = new Map<string, Action>();

export function registerActions(list: readonly Action[]): void {
  for (const a of list) registry.set(a.name, a);
}

export function getAction(name: string): Action | undefined {
  return registry.get(name);
}

export function allActions(): Action[] {
  return [...registry.values()];
}

export function performAction(name: string): boolean {
  const a = registry.get(name);
  if (!a || (a.enabled && !a.enabled())) return false;
  void a.perform();
  return true;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function matchesKey(e: KeyLike, binding: string): boolean {
  const parts = binding.split('+');
  const key = parts.pop()!;
  const mod = parts.includes('Mod');
  const shift = parts.includes('Shift');
  const alt = parts.includes('Alt');
  if (mod !== (e.ctrlKey || e.metaKey)) return false;
  if (shift !== e.shiftKey || alt !== e.altKey) return false;
  const pressed = e.key === ' ' ? 'Space' : e.key;
  return pressed.toLowerCase() === key.toLowerCase();
}

export function actionForKey(e: KeyLike): Action | undefined {
  for (const a of registry.values()) if (a.keys?.some((k) => matchesKey(e, k))) return a;
  return undefined;
}

export function shortcutText(a: Action): string {
  return a.keys?.[0]?.replace('Mod', 'Ctrl') ?? '';
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Installs the global shortcut handler; returns its remover. */
export function installShortcuts(target: Window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (isTyping(e.target)) return;
    const a = actionForKey(e);
    if (!a) return;
    e.preventDefault();
    if (!a.enabled || a.enabled()) void a.perform();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
