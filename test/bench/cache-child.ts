/** Fresh-process half of the cache benchmark: re-runs a workflow whose nodes are all cached. */
import { readFileSync } from 'node:fs';
import { Engine } from '../../electron/backend/engine/engine.ts';

const [dir, wfFile] = process.argv.slice(2) as [string, string];
const wf = JSON.parse(readFileSync(wfFile, 'utf8')) as unknown;
const t0 = performance.now();
const engine = Engine.open({ dataDir: dir, faults: '' });
const openMs = performance.now() - t0;
const t1 = performance.now();
const s = await engine.start(wf).done;
const engineMs = performance.now() - t1;
engine.close();
const cached = Object.values(s.nodes).filter((n) => n.cached).length;
process.stdout.write(JSON.stringify({ engineMs, openMs, cached }));
