import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDataDir } from './helpers/fixtures.ts';
import { startModelServer, type LoopbackServer } from './helpers/loopback-server.ts';

let server: LoopbackServer;
let data: ReturnType<typeof tempDataDir>;
beforeAll(async () => {
  server = await startModelServer();
  data = tempDataDir();
});
afterAll(async () => {
  await server.close();
  data.cleanup();
});

function grym(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'bin/grym.js'), ...args, '--data-dir', data.dir], { cwd: repoRoot, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const states = async () => {
  const { stdout } = await grym('models', 'list', '--json');
  return Object.fromEntries((JSON.parse(stdout) as { models: { id: string; state: string }[] }).models.map((m) => [m.id, m.state]));
};

describe('grym models', () => {
  it('lists, installs from a --source URL with progress, refuses a corrupt copy, and removes', async () => {
    expect(await states()).toMatchObject({ 'basic-pitch': 'missing', 'silero-vad': 'ready', 'musicgen-small': 'missing' });

    const bad = await grym('models', 'install', 'basic-pitch', '--source', `${server.base}/corrupt/basic-pitch/nmp.onnx`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('MODEL_CHECKSUM');
    expect(existsSync(join(data.dir, 'models', 'basic-pitch'))).toBe(false);

    const ok = await grym('models', 'install', 'basic-pitch', '--source', `${server.base}/basic-pitch/nmp.onnx`, '--json');
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; bytes?: number });
    expect(lines.some((l) => l.type === 'progress' && l.bytes === 230_444)).toBe(true);
    expect(lines.at(-1)?.type).toBe('installed');
    expect((await states())['basic-pitch']).toBe('ready');

    const rm = await grym('models', 'remove', 'basic-pitch');
    expect(rm.stdout).toContain('removed basic-pitch');
    expect(existsSync(join(data.dir, 'models', 'basic-pitch'))).toBe(false);
  });

  it('says why MusicGen cannot be installed here', async () => {
    const r = await grym('models', 'install', 'musicgen-small');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MODEL_CHECKSUM: model musicgen-small cannot be installed: the registry pins no sha256/);
  });
});
