/** `grym runs [--json]`: every run, failed and interrupted ones included. */
import type { Command } from 'commander';
import { openEngine } from './common.ts';

export function register(program: Command): void {
  program
    .command('runs')
    .description('list runs, newest first')
    .option('--data-dir <dir>', 'data directory')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action((flags: { dataDir?: string; limit: string; json?: boolean }) => {
      const engine = openEngine({ ...(flags.dataDir ? { dataDir: flags.dataDir } : {}) });
      try {
        const runs = engine.listRuns(Number.parseInt(flags.limit, 10) || 50);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ runs }, null, 2)}\n`);
          return;
        }
        if (runs.length === 0) process.stdout.write('no runs yet\n');
        for (const r of runs) {
          const when = new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 19);
          const failed = r.failedCount ? ` (${r.failedCount} failed)` : '';
          process.stdout.write(`${r.id}  ${r.status.padEnd(11)} ${when}  ${r.workflowName}  ${r.nodeCount} nodes${failed}\n`);
        }
      } finally {
        engine.close();
      }
    });
}
