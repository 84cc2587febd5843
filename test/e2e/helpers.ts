/** Shared steps of the e2e specs: open the app, add nodes, connect ports, drop files. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export function appUrl(): string {
  const url = process.env.GRYM_E2E_URL;
  if (!url) throw new Error('GRYM_E2E_URL is not set: run the specs through playwright.config.ts (global setup starts grym serve)');
  return url;
}

export async function openApp(page: Page): Promise<void> {
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(appUrl());
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Adds a node of a registered type from the palette (searching for it first); returns its node id. */
export async function addNode(page: Page, nodeType: string): Promise<string> {
  const before = await nodeIds(page);
  await page.getByRole('searchbox', { name: 'Search nodes' }).fill(nodeType);
  await page.locator(`.palette-item[data-node-type="${nodeType}"]`).click();
  await page.getByRole('searchbox', { name: 'Search nodes' }).fill('');
  await expect.poll(async () => (await nodeIds(page)).length).toBe(before.length + 1);
  const id = (await nodeIds(page)).find((x) => !before.includes(x));
  return id!;
}

export function nodeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__grym!.nodeIds());
}

export function node(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

/** The node's body, which carries its run status (`data-status`). */
export function nodeBody(page: Page, id: string): Locator {
  return node(page, id).locator('.gnode');
}

export function handle(page: Page, id: string, port: string, kind: 'source' | 'target'): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle.${kind}[data-handleid="${port}"]`);
}

/** Drags from an output handle to an input handle, like a user. */
export async function connect(page: Page, from: string, fromPort: string, to: string, toPort: string): Promise<void> {
  const a = await handle(page, from, fromPort, 'source').boundingBox();
  const b = await handle(page, to, toPort, 'target').boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from}.${fromPort} or ${to}.${toPort}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

export function edgeCount(page: Page): Promise<number> {
  return page.evaluate(() => (window.__grym!.workflow() as { edges: unknown[] }).edges.length);
}

/** Drops files on the canvas at a client point, with a synthesised DataTransfer. */
export async function dropFiles(page: Page, files: string[], at: { x: number; y: number }): Promise<void> {
  const payload = files.map((f) => ({ name: basename(f), b64: readFileSync(f).toString('base64'), type: f.endsWith('.flac') ? 'audio/flac' : f.endsWith('.wav') ? 'audio/wav' : '' }));
  await page.evaluate(
    ({ payload, at }) => {
      const dt = new DataTransfer();
      for (const f of payload) {
        const bin = atob(f.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      const target = document.querySelector('.react-flow__pane') ?? document.querySelector('.canvas')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, clientX: at.x, clientY: at.y, dataTransfer: dt }));
      }
    },
    { payload, at },
  );
}

export async function canvasPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.canvas').boundingBox())!;
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}
