/** Saved workflows (the `workflows` table of migration 3): save, list, load, and the recent list. */
import { randomUUID } from 'node:crypto';
import { GrymError } from '../../../shared/errors.ts';
import type { SavedWorkflow, SavedWorkflowInfo } from '../../../shared/contract.ts';
import { parseWorkflow } from '../../../shared/workflow/schema.ts';
import type { Db } from '../store/db.ts';

interface Row {
  id: string;
  name: string;
  json: string;
  updated_at: number;
}

export class WorkflowStore {
  constructor(private readonly db: Db) {}

  save(raw: unknown, opts: { id?: string; name?: string } = {}): SavedWorkflowInfo {
    const parsed = parseWorkflow(raw);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      throw new GrymError(parsed.code, `workflow: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`, { details: parsed.issues });
    }
    const id = opts.id ?? randomUUID();
    const name = opts.name ?? parsed.workflow.name;
    const workflow = opts.name ? { ...parsed.workflow, name } : parsed.workflow;
    let updatedAt = Date.now();
    const prev = this.db.prepare('SELECT updated_at FROM workflows WHERE id = ?').get(id) as { updated_at: number } | undefined;
    if (prev && prev.updated_at >= updatedAt) updatedAt = prev.updated_at + 1; // keep "recent" order strict
    this.db
      .prepare('INSERT INTO workflows (id, name, json, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, json = excluded.json, updated_at = excluded.updated_at')
      .run(id, name, JSON.stringify(workflow), updatedAt);
    return { id, name, updatedAt };
  }

  load(id: string): SavedWorkflow {
    const r = this.db.prepare('SELECT * FROM workflows WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new GrymError('NOT_FOUND', `no saved workflow ${id}`);
    const parsed = parseWorkflow(JSON.parse(r.json));
    if (!parsed.ok) throw new GrymError(parsed.code, `saved workflow ${id} no longer parses`);
    return { id: r.id, name: r.name, updatedAt: r.updated_at, workflow: parsed.workflow };
  }

  list(): SavedWorkflowInfo[] {
    return (this.db.prepare('SELECT id, name, updated_at FROM workflows ORDER BY name COLLATE NOCASE, id').all() as Row[]).map((r) => ({ id: r.id, name: r.name, updatedAt: r.updated_at }));
  }

  recent(limit = 10): SavedWorkflowInfo[] {
    return (this.db.prepare('SELECT id, name, updated_at FROM workflows ORDER BY updated_at DESC LIMIT ?').all(limit) as Row[]).map((r) => ({ id: r.id, name: r.name, updatedAt: r.updated_at }));
  }
}
