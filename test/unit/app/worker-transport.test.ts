import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type GrymClient } from '../../../shared/ipc/client.ts';
import { startBackendWorker, type BackendWorker } from '../../../electron/backend/transport/worker-client.ts';
import { collectUntil, rejection, repoRoot, tempDir, waitChain } from './helpers.ts';

// The Electron main process hosts the back end this way: in a worker thread, so it never blocks.
describe('the back end in a worker thread (what Electron main talks to)', () => {
  const tmp = tempDir('grym-worker-');
  let worker: BackendWorker;
  let client: GrymClient;

  beforeAll(async () => {
    worker = startBackendWorker(join(repoRoot, 'electron/backend/app/worker-host.ts'), { dataDir: tmp.dir, version: '1.2.3', fileOrigin: 'grym://app' });
    await worker.ready;
    client = createClient(worker);
  });
  afterAll(async () => {
    await worker.shutdown();
    tmp.cleanup();
  });

  it('answers calls and streams run events while the calling thread stays free', async () => {
    expect(await client.call('app.info')).toMatchObject({ transport: 'electron', version: '1.2.3', dataDir: tmp.dir });
    const done = collectUntil(client, (e) => e.type === 'run.completed' || e.type === 'run.failed');
    const { runId } = await client.call('run.start', { workflow: waitChain('in-worker', 200, 2) });
    // measure this thread's event-loop stalls while the run goes on
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 10);
      last = now;
    }, 10);
    const events = await done;
    clearInterval(timer);
    expect(events.at(-1)).toMatchObject({ type: 'run.completed', runId });
    expect(worst).toBeLessThan(200);
    expect(await rejection(client.call('runs.get', { runId: 'x'.repeat(300) }))).toMatchObject({ code: 'IPC_BAD_REQUEST' });
  });

  it('builds file URLs under the app protocol', async () => {
    const asset = await client.call('assets.import', { name: 'a.wav', data: new Uint8Array([1, 2, 3, 4]) });
    expect(asset.url).toBe(`grym://app/files/assets/${asset.id}/a.wav`);
  });
});
