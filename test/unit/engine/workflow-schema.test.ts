import { describe, expect, it } from 'vitest';
import { CURRENT_WORKFLOW_VERSION, parseWorkflow } from '../../../shared/workflow/schema.ts';

describe('workflow schema', () => {
  it('parses a version 1 workflow with optional fields', () => {
    const r = parseWorkflow({ version: 1, name: 'x', nodes: [{ id: 'a', type: 'util.wait', params: { ms: 1 }, position: { x: 1, y: 2 }, timeoutMs: 10, retries: 2 }], edges: [] });
    expect(r.ok).toBe(true);
    expect(CURRENT_WORKFLOW_VERSION).toBe(1);
  });

  it('gives zod paths for malformed nodes', () => {
    const r = parseWorkflow({ version: 1, name: 'x', nodes: [{ id: 'a b', type: '' }], edges: [{ from: 'a' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('WORKFLOW_SCHEMA');
      expect(r.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['nodes.0.id', 'nodes.0.type', 'edges.0.fromPort']));
    }
  });

  it('refuses versions it does not know', () => {
    expect(parseWorkflow({ version: 2, name: 'x', nodes: [], edges: [] })).toMatchObject({ ok: false, code: 'WORKFLOW_VERSION' });
    expect(parseWorkflow({ version: 0, name: 'x', nodes: [], edges: [] })).toMatchObject({ ok: false, code: 'WORKFLOW_VERSION' });
    expect(parseWorkflow({ name: 'x' })).toMatchObject({ ok: false, code: 'WORKFLOW_VERSION' });
  });
});
