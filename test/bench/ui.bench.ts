/**
 * UI benchmark in headless Chromium against a real `grym serve`:
 *  1. the editor with 500 nodes: frame time while panning, against the empty canvas in the same run
 *     (requestAnimationFrame deltas, plus the browser's own Performance.getMetrics task time);
 *  2. the run monitor fed 10,000 engine events per second for 2 s (coalesced per frame): frame
 *     time, frames over 50 ms (dropped), long tasks, against the same window with no events.
 */
import { chromium } from '@playwright/test';
import type { CDPSession, Page } from '@playwright/test';
import { buildRenderer, startServe } from '../e2e/serve-process.ts';
import type { BenchResult } from './types.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface FrameStats {
  frames: number;
  meanMs: number;
  p95Ms: number;
  over50: number;
  longTasks: number;
}

function workflow(n: number) {
  const cols = 25;
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: i % 2 ? 'util.passthrough' : 'util.wait', params: i % 2 ? {} : { ms: 1 }, position: { x: (i % cols) * 240, y: Math.floor(i / cols) * 150 } }));
  const edges = nodes.slice(1).map((node, i) => ({ from: `n${i}`, fromPort: 'out', to: node.id, toPort: 'in' }));
  return { version: 1, name: `bench ${n} nodes`, nodes, edges };
}

/** Starts recording rAF deltas and long tasks in the page; the returned function stops and reports. */
async function recordFrames(page: Page): Promise<() => Promise<FrameStats>> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { deltas: number[]; long: number; stop: boolean; obs?: PerformanceObserver } };
    w.__bench = { deltas: [], long: 0, stop: false };
    try {
      w.__bench.obs = new PerformanceObserver((l) => (w.__bench.long += l.getEntries().length));
      w.__bench.obs.observe({ type: 'longtask', buffered: false });
    } catch {
      /* longtask not supported */
    }
    let last = performance.now();
    const tick = (t: number) => {
      w.__bench.deltas.push(t - last);
      last = t;
      if (!w.__bench.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { __bench: { deltas: number[]; long: number; stop: boolean; obs?: PerformanceObserver } };
      w.__bench.stop = true;
      w.__bench.obs?.disconnect();
      const d = w.__bench.deltas.slice(1).sort((a, b) => a - b);
      const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
      return { frames: d.length, meanMs: mean, p95Ms: d[Math.floor(d.length * 0.95)] ?? 0, over50: d.filter((x) => x > 50).length, longTasks: w.__bench.long };
    });
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

async function pan(page: Page, cdp: CDPSession): Promise<FrameStats & { taskMsPerS: number }> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const t0 = await taskSeconds(cdp);
  const started = Date.now();
  const stop = await recordFrames(page);
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(cx - 150, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 150, cy + 60, { steps: 40 });
    await page.mouse.move(cx - 150, cy, { steps: 40 });
    await page.mouse.up();
  }
  const stats = await stop();
  const taskMsPerS = ((await taskSeconds(cdp)) - t0) * 1000 / ((Date.now() - started) / 1000);
  return { ...stats, taskMsPerS };
}

async function eventFlood(page: Page, eventsPerSecond: number, seconds: number): Promise<FrameStats & { delivered: number; batches: number }> {
  const before = await page.evaluate(() => window.__grym!.runState().eventCount);
  const batchesBefore = (await page.evaluate(() => window.__grym!.batcherStats()?.batches)) ?? 0;
  const stop = await recordFrames(page);
  const injected = await page.evaluate(
    ({ eps, seconds }) =>
      new Promise<number>((done) => {
        const g = window.__grym!;
        const runId = 'bench-run';
        const now = Date.now();
        g.injectEvents([{ type: 'run.started', runId, ts: now, etaMs: null, workflowName: 'bench', nodeCount: 500, resumed: false }]);
        let sent = 1;
        if (eps === 0) return setTimeout(() => done(sent), seconds * 1000);
        // Time-based: however late a tick fires, the stream keeps its rate (a busy page gets bigger bursts).
        const t0 = performance.now();
        const t = setInterval(() => {
          const due = Math.floor(((performance.now() - t0) / 1000) * eps) + 1 - sent;
          const batch = [];
          for (let i = 0; i < due; i++) {
            const k = sent + i;
            const nodeId = `n${k % 500}`;
            batch.push(
              k % 50 === 0
                ? { type: 'node.completed' as const, runId, ts: Date.now(), etaMs: 1000, nodeId, nodeType: 'util.wait', attempt: 1, durationMs: 3, outputs: { out: 'x' } }
                : { type: 'node.progress' as const, runId, ts: Date.now(), etaMs: 1000, nodeId, nodeType: 'util.wait', fraction: (k % 100) / 100 },
            );
          }
          g.injectEvents(batch);
          sent += batch.length;
        }, 10);
        setTimeout(() => {
          clearInterval(t);
          done(sent);
        }, seconds * 1000);
      }),
    { eps: eventsPerSecond, seconds },
  );
  await page.waitForTimeout(100);
  const stats = await stop();
  const state = await page.evaluate(() => ({ run: window.__grym!.runState(), b: window.__grym!.batcherStats() }));
  const delivered = state.run.eventCount - before;
  if (delivered < injected) throw new Error(`monitor lost events: ${delivered} of ${injected} applied`);
  return { ...stats, delivered, batches: (state.b?.batches ?? 0) - batchesBefore };
}

export async function bench(): Promise<BenchResult[]> {
  buildRenderer();
  const serve = await startServe();
  const browser = await chromium.launch({ executablePath: process.env.GRYM_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // tsx compiles this file with keepNames, which wraps functions passed to page.evaluate in __name().
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(serve.url);
    await page.waitForSelector('body[data-ready=true]');

    const empty = await pan(page, cdp);
    await page.evaluate((wf) => window.__grym!.openWorkflow(wf), workflow(500));
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0);
    await page.waitForTimeout(800);
    const rendered = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length);
    const compact = await page.evaluate(() => document.querySelectorAll('.gnode.is-compact').length);
    const full = await pan(page, cdp);
    // The editing view: zoomed in to about 100 %, where off-screen nodes are culled.
    for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    await page.waitForTimeout(300);
    const zoom = await page.evaluate(() => /scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform)?.[1] ?? '?');
    const inView = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length);
    const close = await pan(page, cdp);

    const idle = await eventFlood(page, 0, 2);
    const flood = await eventFlood(page, 10_000, 2);

    return [
      {
        name: 'editor pan, 500 nodes, all in view: mean frame time',
        value: full.meanMs,
        unit: 'ms',
        baseline: { name: 'empty canvas', value: empty.meanMs, unit: 'ms' },
        ratio: full.meanMs / empty.meanMs,
        goal: '≤ 33 ms mean (≥ 30 fps) while panning',
        met: full.meanMs <= 33,
        notes: `${rendered} nodes in the DOM (${compact} in compact zoomed-out form); p95 ${full.p95Ms.toFixed(1)} ms (empty ${empty.p95Ms.toFixed(1)}); frames > 50 ms: ${full.over50}; long tasks ${full.longTasks}; browser task time ${full.taskMsPerS.toFixed(0)} ms/s (empty ${empty.taskMsPerS.toFixed(0)})`,
      },
      {
        name: `editor pan, 500 nodes at zoom ${zoom}: mean frame time`,
        value: close.meanMs,
        unit: 'ms',
        baseline: { name: 'empty canvas', value: empty.meanMs, unit: 'ms' },
        ratio: close.meanMs / empty.meanMs,
        goal: '≤ 33 ms mean (≥ 30 fps) while panning',
        met: close.meanMs <= 33,
        notes: `${inView} of 500 nodes rendered (the rest culled); p95 ${close.p95Ms.toFixed(1)} ms; frames > 50 ms: ${close.over50}; long tasks ${close.longTasks}; browser task time ${close.taskMsPerS.toFixed(0)} ms/s`,
      },
      {
        name: 'monitor at 10,000 events/s: mean frame time',
        value: flood.meanMs,
        unit: 'ms',
        baseline: { name: 'same page, no events', value: idle.meanMs, unit: 'ms' },
        ratio: flood.meanMs / idle.meanMs,
        goal: '≤ 33 ms mean, no event lost',
        met: flood.meanMs <= 33,
        notes: `${flood.delivered} events applied in ${flood.batches} frame batches; p95 ${flood.p95Ms.toFixed(1)} ms; dropped frames (> 50 ms) ${flood.over50} of ${flood.frames}; long tasks ${flood.longTasks} (idle: ${idle.longTasks})`,
      },
    ];
  } finally {
    await browser.close();
    await serve.stop();
  }
}
