/**
 * Builds the renderer and starts `grym serve --port 0` on a temporary data dir, returning the URL it
 * prints (`grym serve: open http://127.0.0.1:PORT/?token=…`). Shared by the e2e global setup and the
 * UI benchmark.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface ServeHandle {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export function buildRenderer(): void {
  const res = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status})`);
}

export function startServe(timeoutMs = 60_000): Promise<ServeHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grym-e2e-'));
  const child = spawn(process.execPath, [join(repoRoot, 'bin/grym.js'), 'serve', '--port', '0', '--data-dir', dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }).then(() => rmSync(dataDir, { recursive: true, force: true }));
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`grym serve printed no URL in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1]!, dataDir, child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`grym serve exited (${code}) before printing a URL:\n${stderr}`));
    });
  });
}
