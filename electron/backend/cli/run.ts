/** `grym run`, `grym resume` and `grym retry`: exit 0 when the run succeeds, 1 when it fails. */
import type { Command } from 'commander';
import type { RunSummary } from '../../../shared/events.ts';
import type { Engine, RunHandle } from '../engine/engine.ts';
import { openEngine, printJsonLine, readWorkflowFile, withEngineFlags, type EngineFlags } from './common.ts';
import { ProgressView } from './progress-view.ts';

async function drive(engine: Engine, flags: EngineFlags, start: () => RunHandle): Promise<number> {
  const view = new ProgressView(!flags.json && process.stderr.isTTY === true);
  const off = engine.on((e) => (flags.json ? printJsonLine(e) : view.handle(e)));
  let handle: RunHandle | undefined;
  const onSigint = () => handle?.cancel();
  process.once('SIGINT', onSigint);
  try {
    handle = start();
    const summary: RunSummary = await handle.done;
    if (flags.json) printJsonLine(summary);
    else printHuman(summary);
    return summary.status === 'succeeded' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    off();
    engine.close();
  }
}

function printHuman(s: RunSummary): void {
  const lines = Object.entries(s.nodes).map(([id, n]) => {
    const dur = n.durationMs === null ? '' : ` ${Math.round(n.durationMs)} ms`;
    const err = n.error ? ` ${n.error.code}: ${n.error.message}` : '';
    return `  ${n.status.padEnd(9)} ${id}${dur}${n.attempts > 1 ? ` (${n.attempts} attempts)` : ''}${err}`;
  });
  process.stdout.write(`run ${s.runId}: ${s.status}\n${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  withEngineFlags(program.command('run <workflow>').description('run a workflow file durably, in parallel, with caching')).action(
    async (file: string, flags: EngineFlags) => {
      const raw = readWorkflowFile(file);
      const engine = openEngine(flags);
      process.exitCode = await drive(engine, flags, () => engine.start(raw, { ...(flags.failFast ? { failFast: true } : {}) }));
    },
  );
  withEngineFlags(program.command('resume <runId>').description('finish an interrupted run; completed nodes are not recomputed')).action(
    async (runId: string, flags: EngineFlags) => {
      const engine = openEngine(flags);
      process.exitCode = await drive(engine, flags, () => engine.resume(runId, { ...(flags.failFast ? { failFast: true } : {}) }));
    },
  );
  withEngineFlags(program.command('retry <runId>').description("re-run a failed run's failed nodes")).action(async (runId: string, flags: EngineFlags) => {
    const engine = openEngine(flags);
    process.exitCode = await drive(engine, flags, () => engine.retry(runId, { ...(flags.failFast ? { failFast: true } : {}) }));
  });
}
