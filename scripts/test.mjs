#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration tests (vitest), then e2e (Playwright, Debian Chromium).
// Ends with one plain line "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = join(process.cwd(), 'test-reports');
mkdirSync(out, { recursive: true });
const steps = [];
function run(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  steps.push({ name, ok: r.status === 0 });
  return r.status === 0;
}

const skipE2e = process.argv.includes('--no-e2e');
run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('typecheck (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
run('lint', 'npx', ['eslint', '.']);
const vitestJson = join(out, 'vitest.json');
rmSync(vitestJson, { force: true });
run('unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const pwJson = join(out, 'playwright.json');
rmSync(pwJson, { force: true });
if (!skipE2e && existsSync('playwright.config.ts')) {
  run('e2e', 'npx', ['playwright', 'test']);
}

let passed = 0, failed = 0, skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, 'utf8'));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  skipped += p.stats?.skipped ?? 0;
}
const badSteps = steps.filter((s) => !s.ok);
for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name}\n`);
if (badSteps.length && failed === 0) failed = badSteps.length;
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = badSteps.length ? 1 : 0;
