/**
 * `grym serve`: the app in a browser. Serves the built renderer and the WebSocket API on 127.0.0.1
 * (`--host`/`--port` to change), with a fresh token per start printed in the URL, Jupyter-style.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GrymError } from '../../../shared/errors.ts';
import { startServe } from '../app/serve-app.ts';
import { resolveDataDir } from '../paths.ts';

interface ServeFlags {
  host: string;
  port: string;
  dataDir?: string;
  concurrency?: string;
  token?: string;
  staticDir?: string;
  allowOrigin: string[];
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser: the renderer plus the WebSocket API, guarded by a token')
    .option('--host <host>', 'interface to bind (use 0.0.0.0 to reach it from another machine)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8765')
    .option('--data-dir <dir>', 'where grym keeps runs, cache, assets and exports (default: the app-data directory, or GRYM_DATA_DIR)')
    .option('--concurrency <n>', 'most nodes running at once (default: core count)')
    .option('--token <token>', 'use this token instead of a fresh random one (for scripted tests; GRYM_SERVE_TOKEN)')
    .option('--static-dir <dir>', 'serve the renderer from here (default: dist/renderer)')
    .option('--allow-origin <origin>', 'also accept this browser Origin (a dev server, say); repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (flags: ServeFlags) => {
      const port = Number.parseInt(flags.port, 10);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GrymError('INVALID_PARAMS', `--port must be 0..65535, got ${flags.port}`);
      const concurrency = flags.concurrency === undefined ? undefined : Number.parseInt(flags.concurrency, 10);
      const token = flags.token ?? process.env.GRYM_SERVE_TOKEN;
      if (token !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(token)) throw new GrymError('INVALID_PARAMS', 'a --token needs at least 16 letters, digits, - or _');
      const handle = await startServe({
        dataDir: resolveDataDir(flags.dataDir),
        host: flags.host,
        port,
        ...(concurrency ? { concurrency } : {}),
        ...(token ? { token } : {}),
        ...(flags.staticDir ? { staticDir: flags.staticDir } : {}),
        extraOrigins: flags.allowOrigin,
      });
      if (!existsSync(join(handle.staticDir, 'index.html'))) {
        process.stderr.write(`grym serve: the renderer is not built (${handle.staticDir}); run \`npx vite build\` for the UI — the API works without it\n`);
      }
      process.stderr.write(`grym serve: data in ${handle.engine.dataDir}\n`);
      if (handle.host !== '127.0.0.1' && handle.host !== 'localhost' && handle.host !== '::1') {
        process.stderr.write(`grym serve: listening on ${handle.host}: anyone who can reach this machine and has the token can use it\n`);
      }
      process.stdout.write(`grym serve: open ${handle.url}\n`);
      await new Promise<void>((resolveStop) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('grym serve: shutting down\n');
          void handle.close().then(resolveStop);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
