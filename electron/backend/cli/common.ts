/** Shared CLI plumbing: options, opening the engine, reading workflow files. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GrymError } from '../../../shared/errors.ts';
import { Engine } from '../engine/engine.ts';
import { resolveDataDir } from '../paths.ts';

export interface EngineFlags {
  dataDir?: string;
  concurrency?: string;
  failFast?: boolean;
  json?: boolean;
}

export function withEngineFlags(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'where grym keeps runs, cache and artifacts (default: the app-data directory, or GRYM_DATA_DIR)')
    .option('--concurrency <n>', 'most nodes running at once (default: core count)')
    .option('--fail-fast', 'stop everything at the first failure')
    .option('--json', 'print one JSON event per line, ending with a run.summary');
}

export function openEngine(flags: EngineFlags): Engine {
  const concurrency = flags.concurrency === undefined ? undefined : Number.parseInt(flags.concurrency, 10);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new GrymError('INVALID_PARAMS', `--concurrency must be a positive integer, got ${flags.concurrency}`);
  }
  return Engine.open({ dataDir: resolveDataDir(flags.dataDir), ...(concurrency === undefined ? {} : { concurrency }) });
}

export function readWorkflowFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new GrymError('NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new GrymError('WORKFLOW_SCHEMA', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
