/** Run, Stop, Run-to-selected and Retry, plus the wiring of engine events into the run store. */
import type { ContractEvent } from '../../../shared/contract.ts';
import type { EngineEvent } from '../../../shared/events.ts';
import type { RunOptions } from '../../../shared/runs.ts';
import { api, errorText } from '../api/backend.ts';
import type { Api } from '../api/backend.ts';
import { currentWorkflow } from '../editor/session.ts';
import { useGraph } from '../stores/graph-store.ts';
import { shortRunId, useRun } from '../stores/run-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { createEventBatcher } from './event-batcher.ts';
import type { EventBatcher } from './event-batcher.ts';

const isEngineEvent = (e: ContractEvent): e is EngineEvent => e.type.startsWith('run.') || e.type.startsWith('node.');

let batcher: EventBatcher<EngineEvent> | null = null;

/** Subscribes the run store to the client's events (batched per frame). Returns the unsubscriber. */
export function connectRunEvents(client: Api): () => void {
  const b = createEventBatcher<EngineEvent>((batch) => {
    useRun.getState().applyEvents(batch);
    if (batch.some((e) => e.type === 'run.completed' || e.type === 'run.failed' || e.type === 'run.cancelled')) void refreshRuns();
  });
  batcher = b;
  const off = client.on('*', (e) => {
    if (isEngineEvent(e)) b.push(e);
    else if (e.type === 'app.log') useRun.getState().appendLog(e.level, e.nodeId ? `${e.nodeId}: ${e.message}` : e.message, e.ts);
  });
  return () => {
    off();
    b.dispose();
    if (batcher === b) batcher = null;
  };
}

/** Feeds events as if they came from the back end (benchmarks and tests use it). */
export function injectEvents(events: readonly EngineEvent[]): void {
  if (batcher) for (const e of events) batcher.push(e);
  else useRun.getState().applyEvents(events);
}

export function batcherStats(): { events: number; batches: number; maxBatch: number } | null {
  return batcher ? { ...batcher.stats } : null;
}

export async function refreshRuns(): Promise<void> {
  try {
    useRun.getState().setRuns(await api().call('runs.list', { limit: 50 }));
  } catch {
    /* the list is informative only */
  }
}

export const isRunning = (): boolean => useRun.getState().status === 'running';

export async function startRun(options: RunOptions = {}): Promise<string | null> {
  const ui = useUi.getState();
  try {
    const { runId } = await api().call('run.start', { workflow: currentWorkflow(), options });
    useRun.getState().startRun(runId);
    ui.setStatus(`Run ${shortRunId(runId)} started`);
    void refreshRuns();
    return runId;
  } catch (err) {
    ui.toast('error', `Run refused: ${errorText(err)}`);
    return null;
  }
}

export function runToSelected(): Promise<string | null> {
  const targets = useGraph.getState().nodes.filter((n) => n.selected).map((n) => n.id);
  if (targets.length === 0) {
    useUi.getState().toast('info', 'Select the node to run to first.');
    return Promise.resolve(null);
  }
  return startRun({ targetNodeIds: targets });
}

export async function stopRun(): Promise<void> {
  const { runId } = useRun.getState();
  if (!runId) return;
  try {
    await api().call('run.cancel', { runId });
  } catch (err) {
    useUi.getState().toast('error', `Stop failed: ${errorText(err)}`);
  }
}

/** Retries a failed run: completed nodes come from the cache, failed ones run again. */
export async function retryRun(runId = useRun.getState().runId): Promise<void> {
  if (!runId) return;
  try {
    const res = await api().call('run.retry', { runId });
    useRun.getState().startRun(res.runId);
    void refreshRuns();
  } catch (err) {
    useUi.getState().toast('error', `Retry failed: ${errorText(err)}`);
  }
}
