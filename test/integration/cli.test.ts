/** The `grym` CLI as a user runs it: exit codes, --json output, progress-free piping. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../unit/engine/helpers.ts';

const repo = resolve(import.meta.dirname, '../..');
let tmp: ReturnType<typeof tempDir>;
beforeAll(() => (tmp = tempDir('grym-cli-')));
afterAll(() => tmp.cleanup());

function grym(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repo, 'bin/grym.js'), ...args], { encoding: 'utf8', env: { ...process.env, GRYM_FAULTS: '', GRYM_DATA_DIR: join(tmp.dir, 'default-data'), ...env } });
}
function file(name: string, value: unknown): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}
const good = { version: 1, name: 'good', nodes: [{ id: 'w1', type: 'util.wait', params: { ms: 5 } }, { id: 'p', type: 'util.passthrough' }], edges: [{ from: 'w1', fromPort: 'out', to: 'p', toPort: 'in' }] };

describe('grym CLI', () => {
  it('validate exits 0 on a valid workflow and prints levels and the critical path', () => {
    const r = grym(['validate', file('good.json', good), '--data-dir', join(tmp.dir, 'fresh')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('level 0: w1');
    expect(r.stdout).toMatch(/critical path .*w1 → p/);
  });

  it('validate exits 2 on an invalid workflow and prints every error with its code and node ids', () => {
    const bad = { version: 1, name: 'bad', nodes: [{ id: 'a', type: 'util.passthrough' }, { id: 'b', type: 'util.passthrough' }, { id: 'x', type: 'nope' }], edges: [{ from: 'a', fromPort: 'out', to: 'b', toPort: 'in' }, { from: 'b', fromPort: 'out', to: 'a', toPort: 'in' }] };
    const r = grym(['validate', file('bad.json', bad), '--json']);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.errors.map((e: { code: string }) => e.code).sort()).toEqual(['UNKNOWN_NODE_TYPE', 'WORKFLOW_CYCLE']);
    expect(out.errors.find((e: { code: string }) => e.code === 'WORKFLOW_CYCLE').nodeIds).toEqual(['a', 'b']);
  });

  it('validate rejects a file that is not JSON with a clear error', () => {
    const r = grym(['validate', file('junk.json', '{not json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('WORKFLOW_SCHEMA');
  });

  it('run --json prints one event per line ending with run.summary, and exits 0', () => {
    const r = grym(['run', file('good.json', good), '--json', '--data-dir', tmp.dir]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('run.started');
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ type: 'run.summary', status: 'succeeded', nodes: { w1: { status: 'completed', attempts: 1, cached: false }, p: { status: 'completed' } } });
    // a second run in a fresh process is served from the cache
    const again = grym(['run', file('good.json', good), '--json', '--data-dir', tmp.dir]);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!).nodes.w1).toMatchObject({ status: 'cached', cached: true });
  });

  it('run exits 1 when a node fails, with the coded error in the summary; runs lists it; retry fixes it', () => {
    const wf = { version: 1, name: 'flaky', nodes: [{ id: 'f', type: 'util.wait', params: { ms: 1 }, retries: 0 }], edges: [] };
    const r = grym(['run', file('flaky.json', wf), '--json', '--data-dir', tmp.dir], { GRYM_FAULTS: 'f:throw:1' });
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary.nodes.f).toMatchObject({ status: 'failed', error: { code: 'FAULT_INJECTED' } });
    const runs = JSON.parse(grym(['runs', '--json', '--data-dir', tmp.dir]).stdout).runs;
    expect(runs.find((x: { id: string }) => x.id === summary.runId)).toMatchObject({ status: 'failed', failedCount: 1 });
    const retried = grym(['retry', summary.runId, '--json', '--data-dir', tmp.dir]);
    expect(retried.status).toBe(0);
    expect(JSON.parse(retried.stdout.trim().split('\n').at(-1)!).nodes.f).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('resume of an unknown run says RUN_NOT_FOUND', () => {
    const r = grym(['resume', 'nope', '--data-dir', tmp.dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('RUN_NOT_FOUND');
  });
});
