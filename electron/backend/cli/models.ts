/** `grym models list [--json] | install <id> [--source <url-or-path>] | remove <id>`. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CancelledError } from '../../../shared/errors.ts';
import type { InstallProgress } from '../inference/installer.ts';
import { ModelRuntime } from '../inference/model-runtime.ts';
import { detectProviders } from '../inference/providers.ts';
import { resolveDataDir } from '../paths.ts';

const fmtBytes = (n: number | null): string => (n === null ? '?' : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} kB`);
const fmtEta = (s: number | null): string => (s === null ? '?' : s < 60 ? `${Math.ceil(s)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`);

function open(dataDirFlag: string | undefined): ModelRuntime {
  return new ModelRuntime({ dataDir: resolveDataDir(dataDirFlag), log: (m) => process.stderr.write(`${m}\n`) });
}

export function register(program: Command): void {
  const models = program.command('models').description('list, install and remove local models');

  models
    .command('list')
    .description("show every model in the registry with its state (missing, ready, ...)")
    .option('--data-dir <dir>', 'where grym keeps its data (default: the app-data directory, or GRYM_DATA_DIR)')
    .option('--json', 'print JSON')
    .action(async (flags: { dataDir?: string; json?: boolean }) => {
      const rt = open(flags.dataDir);
      try {
        const health = rt.list();
        const rows = rt.registry.list().map((m) => {
          const h = health.find((x) => x.id === m.id)!;
          const size = m.files.every((f) => f.size !== null) ? m.files.reduce((a, f) => a + (f.size ?? 0), 0) : null;
          return { id: m.id, task: m.task, version: m.version, license: m.license, state: h.state, installed: h.installed, breaker: h.breaker, source: m.source, sizeBytes: size, providers: m.providers };
        });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ models: rows, providers: detectProviders() }, null, 2)}\n`);
          return;
        }
        for (const r of rows) {
          process.stdout.write(`${r.id.padEnd(16)} ${r.state.padEnd(10)} ${r.task.padEnd(14)} ${r.license.padEnd(13)} ${(r.source === 'npm' ? 'npm package' : fmtBytes(r.sizeBytes)).padEnd(12)} ${r.providers.join(',')}\n`);
        }
        for (const p of detectProviders()) process.stdout.write(`provider ${p.provider}: ${p.available ? 'available' : 'unavailable'} (${p.reason})\n`);
      } finally {
        await rt.dispose();
      }
    });

  models
    .command('install <id>')
    .description('download a model, verify its sha256 and install it atomically (resumes a partial download)')
    .option('--data-dir <dir>', 'where grym keeps its data')
    .option('--source <url-or-path>', 'fetch the files from here instead of the registry URL (the checksum is still verified)')
    .option('--json', 'print progress and the result as JSON lines')
    .action(async (id: string, flags: { dataDir?: string; source?: string; json?: boolean }) => {
      const rt = open(flags.dataDir);
      const ac = new AbortController();
      const onSigint = () => ac.abort();
      process.once('SIGINT', onSigint);
      const tty = !flags.json && process.stderr.isTTY === true;
      const bar = tty ? new cliProgress.SingleBar({ format: ` ${id} |{bar}| {percentage}% {value_fmt}/{total_fmt} ETA {eta_fmt}`, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      let lastLine = 0;
      const onProgress = (p: InstallProgress) => {
        if (flags.json) {
          if (performance.now() - lastLine > 250 || p.etaS === 0) {
            lastLine = performance.now();
            process.stdout.write(`${JSON.stringify({ type: 'progress', id, file: p.file, bytes: p.bytes, total: p.total, etaS: p.etaS })}\n`);
          }
          return;
        }
        if (bar) {
          if (!started) bar.start(p.total ?? 0, 0, { value_fmt: '', total_fmt: fmtBytes(p.total), eta_fmt: '?' });
          started = true;
          bar.setTotal(p.total ?? p.bytes);
          bar.update(p.bytes, { value_fmt: fmtBytes(p.bytes), total_fmt: fmtBytes(p.total), eta_fmt: fmtEta(p.etaS) });
        } else if (performance.now() - lastLine > 1000 || p.etaS === 0) {
          lastLine = performance.now();
          process.stderr.write(`${id}: ${fmtBytes(p.bytes)} of ${fmtBytes(p.total)}, ETA ${fmtEta(p.etaS)}\n`);
        }
      };
      try {
        const dir = await rt.install(id, { ...(flags.source ? { source: flags.source } : {}), signal: ac.signal, onProgress });
        bar?.stop();
        if (flags.json) process.stdout.write(`${JSON.stringify({ type: 'installed', id, dir })}\n`);
        else process.stdout.write(`installed ${id} in ${dir}\n`);
      } catch (err) {
        bar?.stop();
        if (err instanceof CancelledError) {
          process.stderr.write(`install of ${id} cancelled; the partial download is kept and resumes next time\n`);
          process.exitCode = 130;
          return;
        }
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
        await rt.dispose();
      }
    });

  models
    .command('remove <id>')
    .description("delete an installed model's files")
    .option('--data-dir <dir>', 'where grym keeps its data')
    .action(async (id: string, flags: { dataDir?: string }) => {
      const rt = open(flags.dataDir);
      try {
        const removed = await rt.remove(id);
        process.stdout.write(removed ? `removed ${id}\n` : `${id} was not installed\n`);
      } finally {
        await rt.dispose();
      }
    });
}
