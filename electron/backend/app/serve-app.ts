/**
 * `grym serve` as a function: opens the engine, builds the service and its dispatcher, and starts
 * HTTP + WebSocket on one port with a fresh token. The CLI command and the tests both use it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine } from '../engine/engine.ts';
import { newToken } from '../transport/auth.ts';
import { startHttpServer, type RunningServer } from '../transport/http-server.ts';
import { createAppDispatcher, defaultFileUrl, type AppService } from './service.ts';
import type { Dispatcher } from './dispatcher.ts';

export interface ServeOptions {
  dataDir: string;
  host?: string;
  port?: number;
  concurrency?: number;
  /** Fixed token (tests, scripted e2e); default: a fresh random one per start. */
  token?: string;
  staticDir?: string;
  extraOrigins?: string[];
  log?: (message: string) => void;
}

export interface ServeHandle extends RunningServer {
  token: string;
  staticDir: string;
  engine: Engine;
  service: AppService;
  dispatcher: Dispatcher;
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startServe(opts: ServeOptions): Promise<ServeHandle> {
  const token = opts.token ?? newToken();
  const engine = Engine.open({ dataDir: opts.dataDir, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
  const withToken = (area: 'assets' | 'exports', rel: string) => `${defaultFileUrl(area, rel)}?token=${token}`;
  const { service, dispatcher } = createAppDispatcher(engine, { transport: 'websocket', version: packageVersion(), fileUrl: withToken, ...(opts.log ? { log: opts.log } : {}) });
  const staticDir = opts.staticDir ?? fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
  let running: RunningServer;
  try {
    running = await startHttpServer({
      dispatcher,
      dataDir: engine.dataDir,
      token,
      staticDir,
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.extraOrigins ? { extraOrigins: opts.extraOrigins } : {}),
    });
  } catch (err) {
    engine.close();
    throw err;
  }
  return {
    ...running,
    token,
    staticDir,
    engine,
    service,
    dispatcher,
    close: async () => {
      await running.close();
      await service.close();
      engine.close();
    },
  };
}
