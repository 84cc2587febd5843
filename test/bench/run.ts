/**
 * `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) and prints
 * each figure with its same-run baseline and ratio.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './types.ts';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
let failures = 0;
const all: (BenchResult & { file: string })[] = [];
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  try {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as BenchModule;
    const results = await mod.bench();
    for (const r of results) {
      all.push({ ...r, file: f });
      const base = r.baseline ? `  | baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}` : '';
      const ratio = r.ratio !== undefined ? `  | ratio ${fmt(r.ratio)}×` : '';
      const goal = r.goal ? `  | goal ${r.goal}: ${r.met ? 'met' : 'NOT met'}` : '';
      process.stdout.write(`${r.name}: ${fmt(r.value)} ${r.unit}${base}${ratio}${goal}\n`);
      if (r.notes) process.stdout.write(`    ${r.notes}\n`);
    }
  } catch (err) {
    failures++;
    process.stdout.write(`  bench failed: ${(err as Error).stack ?? String(err)}\n`);
  }
}
if (process.env.BENCH_JSON) process.stdout.write(`\n${JSON.stringify(all)}\n`);
process.exitCode = failures ? 1 : 0;
