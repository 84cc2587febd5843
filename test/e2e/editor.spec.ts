/** The node editor against a real `grym serve`: typed ports, validation on nodes, undo, clipboard, autosave, runs. */
import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { addNode, canvasPoint, connect, dropFiles, edgeCount, node, nodeBody, nodeIds, openApp } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the palette lists every registered node type and filters by search', async ({ page }) => {
  const items = page.locator('.palette-item');
  await expect(items.first()).toBeVisible();
  const all = await items.count();
  expect(all).toBeGreaterThanOrEqual(2);
  await page.getByRole('searchbox', { name: 'Search nodes' }).fill('wait');
  await expect(page.getByRole('button', { name: 'Add Wait', exact: true })).toBeVisible();
  expect(await items.count()).toBeLessThan(all);
});

test('an incompatible connection is refused and says why', async ({ page }) => {
  const analyze = await addNode(page, 'audio.analyze');
  const gain = await addNode(page, 'audio.gain');
  await connect(page, analyze, 'analysis', gain, 'audio');
  const refusal = page.getByRole('alert').filter({ hasText: 'Connection refused' });
  await expect(refusal).toContainText('gives analysis');
  await expect(refusal).toContainText('takes audio');
  expect(await edgeCount(page)).toBe(0);
  await page.screenshot({ path: test.info().outputPath('incompatible-connection.png') });
});

test('a cycle is reported on the nodes that form it', async ({ page }) => {
  const a = await addNode(page, 'util.passthrough');
  const b = await addNode(page, 'util.passthrough');
  await connect(page, a, 'out', b, 'in');
  await connect(page, b, 'out', a, 'in');
  await expect.poll(() => edgeCount(page)).toBe(2);
  for (const id of [a, b]) {
    await expect(node(page, id).locator('.gnode-issues li[data-code="WORKFLOW_CYCLE"]')).toBeVisible();
  }
  await page.screenshot({ path: test.info().outputPath('cycle.png') });
});

test('undo restores a deleted node, redo deletes it again', async ({ page }) => {
  const w = await addNode(page, 'util.wait');
  await node(page, w).click();
  await page.keyboard.press('Delete');
  await expect(node(page, w)).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(node(page, w)).toBeVisible();
  await expect(page.getByRole('group', { name: 'Wait' })).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, w)).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node(page, w)).toBeVisible();
});

test('multi-select, copy and paste duplicate nodes with their edges', async ({ page }) => {
  const a = await addNode(page, 'util.wait');
  const b = await addNode(page, 'util.passthrough');
  await connect(page, a, 'out', b, 'in');
  await expect.poll(() => edgeCount(page)).toBe(1);
  await node(page, a).click();
  await node(page, b).click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await nodeIds(page)).length).toBe(4);
  expect(await edgeCount(page)).toBe(2);
});

test('a reload keeps the autosaved graph', async ({ page }) => {
  const a = await addNode(page, 'util.wait');
  const b = await addNode(page, 'util.passthrough');
  await connect(page, a, 'out', b, 'in');
  await page.getByRole('textbox', { name: 'Workflow name' }).fill('autosave check');
  await page.waitForTimeout(700);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(node(page, a)).toBeVisible();
  await expect(node(page, b)).toBeVisible();
  expect(await edgeCount(page)).toBe(1);
  await expect(page.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('autosave check');
});

test('Run shows live node states, the runs list and the log', async ({ page }) => {
  const a = await addNode(page, 'util.wait');
  const b = await addNode(page, 'util.passthrough');
  await connect(page, a, 'out', b, 'in');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(nodeBody(page, b)).toHaveAttribute('data-status', /completed|cached/);
  await expect(nodeBody(page, a)).toHaveAttribute('data-status', /completed|cached/);
  await expect(page.getByRole('table', { name: 'Node states' })).toContainText(b);
  await expect(page.getByLabel('Run status')).toContainText('succeeded');
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByRole('table', { name: 'Runs' })).toContainText('succeeded');
  await page.getByRole('tab', { name: 'Log' }).click();
  await expect(page.getByRole('log', { name: 'Log' })).toContainText('run completed');
  await page.getByRole('tab', { name: 'Context' }).click();
  await expect(page.getByLabel('Cache metrics')).toBeVisible();
  // the context that flowed between the steps: each node's outputs, recorded by the engine
  await expect(page.getByText(`node:${a}:outputs`)).toBeVisible();
  await expect(page.getByLabel('Output cache')).toContainText('cached this run');
  await page.screenshot({ path: test.info().outputPath('run-monitor.png') });
});

test('a failed node shows its coded error and a Retry action; the runs list keeps the failed run', async ({ page }) => {
  // A file named .wav that is not audio: it imports, then fails to decode when the workflow runs.
  const broken = test.info().outputPath('broken.wav');
  mkdirSync(dirname(broken), { recursive: true });
  writeFileSync(broken, Buffer.from('this is not a RIFF file at all, just text pretending to be audio'.repeat(20)));
  await dropFiles(page, [broken], await canvasPoint(page, 0.3, 0.3));
  await expect.poll(async () => (await nodeIds(page)).length).toBe(1);
  const load = (await nodeIds(page))[0]!;
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(nodeBody(page, load)).toHaveAttribute('data-status', 'failed');
  const error = node(page, load).locator('.gnode-error');
  await expect(error).toContainText(/[A-Z_]{4,}/);
  await expect(node(page, load).getByRole('button', { name: /^Retry/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByRole('table', { name: 'Runs' })).toContainText('failed');
  await page.screenshot({ path: test.info().outputPath('failed-node.png') });
});

test('Run to selected runs only the selected node and what it depends on', async ({ page }) => {
  const a = await addNode(page, 'util.wait');
  const b = await addNode(page, 'util.passthrough');
  const c = await addNode(page, 'util.passthrough');
  await connect(page, a, 'out', b, 'in');
  await connect(page, b, 'out', c, 'in');
  await expect.poll(() => edgeCount(page)).toBe(2);
  await node(page, b).click();
  await page.getByRole('button', { name: 'Run to selected' }).click();
  await expect(nodeBody(page, b)).toHaveAttribute('data-status', /completed|cached/);
  await expect(page.getByLabel('Run status')).toContainText('succeeded');
  await expect(nodeBody(page, c)).toHaveAttribute('data-status', 'idle');
});
