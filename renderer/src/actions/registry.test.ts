// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { NodeTypeInfo } from '../../../shared/ports.ts';
import { checkConnection } from '../editor/connection-rules.ts';
import { filterTypes } from '../editor/palette.tsx';
import { actionForKey, installShortcuts, matchesKey, registerActions } from './registry.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({ key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods });

describe('actions', () => {
  it('matches bindings with Mod as Ctrl or Cmd and tells Shift apart', () => {
    expect(matchesKey(key('z', { ctrlKey: true }), 'Mod+Z')).toBe(true);
    expect(matchesKey(key('z', { metaKey: true }), 'Mod+Z')).toBe(true);
    expect(matchesKey(key('Z', { ctrlKey: true, shiftKey: true }), 'Mod+Z')).toBe(false);
    expect(matchesKey(key('Z', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+Z')).toBe(true);
    expect(matchesKey(key(' '), 'Space')).toBe(true);
  });

  it('a shortcut performs the registered action, except while typing in a field', () => {
    let done = 0;
    registerActions([{ name: 't.count', label: 'Count', keys: ['Mod+Shift+K'], perform: () => done++ }]);
    expect(actionForKey(key('K', { ctrlKey: true, shiftKey: true }))?.name).toBe('t.count');
    const off = installShortcuts(window);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true }));
    const input = document.createElement('input');
    document.body.appendChild(input);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true, bubbles: true }));
    off();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true }));
    expect(done).toBe(1);
  });
});

const types = new Map<string, NodeTypeInfo>(
  [
    { type: 'audio.load', title: 'Load', inputs: [], outputs: [{ name: 'audio', type: 'audio' as const }] },
    { type: 'audio.analyze', title: 'Analyse', inputs: [{ name: 'audio', type: 'audio' as const }], outputs: [{ name: 'analysis', type: 'analysis' as const }] },
    { type: 'util.passthrough', title: 'Pass', inputs: [{ name: 'in', type: 'any' as const }], outputs: [{ name: 'out', type: 'any' as const }] },
  ].map((t) => [t.type, { ...t, version: 1, category: 'x', description: t.title, cacheable: true }]),
);

describe('typed connections', () => {
  it('refuses incompatible port types and says which types clash', () => {
    const v = checkConnection({ sourceType: 'audio.analyze', sourcePort: 'analysis', targetType: 'audio.analyze', targetPort: 'audio', sameNode: false }, types);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/analysis.*audio/);
  });

  it('accepts matching types and anything into an `any` port', () => {
    expect(checkConnection({ sourceType: 'audio.load', sourcePort: 'audio', targetType: 'audio.analyze', targetPort: 'audio', sameNode: false }, types).ok).toBe(true);
    expect(checkConnection({ sourceType: 'audio.analyze', sourcePort: 'analysis', targetType: 'util.passthrough', targetPort: 'in', sameNode: false }, types).ok).toBe(true);
  });

  it('refuses self-loops and unknown ports', () => {
    expect(checkConnection({ sourceType: 'util.passthrough', sourcePort: 'out', targetType: 'util.passthrough', targetPort: 'in', sameNode: true }, types).ok).toBe(false);
    expect(checkConnection({ sourceType: 'audio.load', sourcePort: 'nope', targetType: 'audio.analyze', targetPort: 'audio', sameNode: false }, types).ok).toBe(false);
  });

  it('the palette search matches every word against type, title and category', () => {
    expect(filterTypes([...types.values()], 'audio ana').map((t) => t.type)).toEqual(['audio.analyze']);
    expect(filterTypes([...types.values()], '')).toHaveLength(3);
  });
});
