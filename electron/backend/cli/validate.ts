/** `grym validate <wf.json> [--json]`: exit 0 valid (levels, critical path), 2 invalid (every error). */
import type { Command } from 'commander';
import { createDefaultRegistry } from '../nodes/index.ts';
import { validateWorkflow } from '../engine/validate.ts';
import { Engine } from '../engine/engine.ts';
import { resolveDataDir } from '../paths.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readWorkflowFile } from './common.ts';

export function register(program: Command): void {
  program
    .command('validate <workflow>')
    .description('check a workflow file: errors with codes and node ids, levels, parallelism, critical path')
    .option('--json', 'print the result as JSON')
    .option('--data-dir <dir>', 'use this machine\'s duration history from this data dir')
    .action((file: string, flags: { json?: boolean; dataDir?: string }) => {
      const raw = readWorkflowFile(file);
      const dataDir = resolveDataDir(flags.dataDir);
      // Weight the critical path with this machine's history when there is one.
      let result;
      if (existsSync(join(dataDir, 'grym.db'))) {
        const engine = Engine.open({ dataDir });
        try {
          result = engine.validate(raw);
        } finally {
          engine.close();
        }
      } else {
        result = validateWorkflow(raw, createDefaultRegistry());
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ok: result.ok, errors: result.errors, warnings: result.warnings, analysis: result.analysis ?? null }, null, 2)}\n`);
      } else {
        for (const e of result.errors) process.stdout.write(`error ${e.code} [${e.nodeIds.join(', ')}] ${e.message}\n`);
        for (const w of result.warnings) process.stdout.write(`warning ${w.code} [${w.nodeIds.join(', ')}] ${w.message}\n`);
        if (result.ok && result.analysis) {
          const a = result.analysis;
          process.stdout.write(`valid: ${result.workflow?.name} (${result.workflow?.nodes.length} nodes)\n`);
          a.levels.forEach((l, i) => process.stdout.write(`level ${i}: ${l.join(', ')}\n`));
          process.stdout.write(`max parallelism: ${a.maxParallelism}\n`);
          process.stdout.write(`critical path (~${a.criticalPath.estimatedMs} ms): ${a.criticalPath.nodeIds.join(' → ')}\n`);
        } else {
          process.stdout.write(`invalid: ${result.errors.length} error(s)\n`);
        }
      }
      process.exitCode = result.ok ? 0 : 2;
    });
}
