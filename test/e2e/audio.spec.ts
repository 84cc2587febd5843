/**
 * The composer's path through the app against a real `grym serve`: drop a FLAC on the canvas, analyse
 * it, run, read the tempo, see the waveform, export, and find the exported file on disk.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { addNode, canvasPoint, connect, dropFiles, node, nodeBody, nodeIds, openApp } from './helpers.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const clip = resolve(repoRoot, '../shared/eval/clips/00_drums_108bpm.flac');

test('drop a FLAC, analyse it, run, see tempo and waveform, export', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);

  await dropFiles(page, [clip], await canvasPoint(page, 0.25, 0.35));
  await expect(page.getByRole('group', { name: '00_drums_108bpm' })).toBeVisible();
  const load = (await nodeIds(page)).find((id) => id.startsWith('load'))!;
  const wf = (await page.evaluate(() => window.__grym!.workflow())) as { nodes: { id: string; type: string; params?: { path?: string } }[] };
  const loadNode = wf.nodes.find((n) => n.id === load)!;
  expect(loadNode.type).toBe('audio.load');
  expect(loadNode.params?.path && existsSync(loadNode.params.path)).toBe(true);

  // The imported asset already has peaks: the waveform shows before any run.
  await node(page, load).click();
  await expect(page.getByRole('img', { name: 'Waveform' })).toHaveAttribute('data-ready', 'true');

  const analyze = await addNode(page, 'audio.analyze');
  await connect(page, load, 'audio', analyze, 'audio');
  await expect.poll(() => page.evaluate(() => (window.__grym!.workflow() as { edges: unknown[] }).edges.length)).toBe(1);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(nodeBody(page, analyze)).toHaveAttribute('data-status', /completed|cached/, { timeout: 90_000 });
  await expect(page.getByLabel('Run status')).toContainText('succeeded');

  await node(page, analyze).click();
  const tempo = page.getByLabel('Tempo');
  await expect(tempo).toContainText(/\d+(\.\d)? BPM/);
  const bpm = Number(/([\d.]+) BPM/.exec((await tempo.textContent()) ?? '')![1]);
  expect(bpm).toBeGreaterThan(40);
  expect(bpm).toBeLessThan(250);
  await expect(page.getByLabel('Loudness')).toContainText('LUFS');
  const wave = page.getByRole('img', { name: 'Waveform' });
  await expect(wave).toHaveAttribute('data-ready', 'true');
  const duration = Number(await wave.getAttribute('data-duration'));
  expect(duration).toBeGreaterThan(1);
  await expect(wave.locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('analysed.png') });

  // Export the loaded audio as FLAC with the workflow embedded.
  await page.getByRole('textbox', { name: 'Workflow name' }).fill('drums analysis');
  await node(page, load).click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export audio' });
  await dialog.getByRole('radio', { name: 'FLAC' }).check();
  await dialog.getByRole('button', { name: 'Export file' }).click();
  const result = dialog.getByLabel('Export result');
  await expect(result).toContainText('Wrote');
  const path = (await result.locator('code').textContent())!;
  expect(path.endsWith('.flac')).toBe(true);
  expect(existsSync(path)).toBe(true);
  expect(statSync(path).size).toBeGreaterThan(1000);
  await page.screenshot({ path: test.info().outputPath('export.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Dropping the export back in offers the workflow it carries.
  await page.getByRole('textbox', { name: 'Workflow name' }).fill('scratch');
  await dropFiles(page, [path], await canvasPoint(page, 0.6, 0.7));
  const offer = page.getByRole('dialog', { name: 'Embedded workflow' });
  await expect(offer).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('embedded-offer.png') });
  await offer.getByRole('button', { name: 'Open embedded workflow' }).click();
  await expect(page.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('drums analysis');
  const opened = (await page.evaluate(() => window.__grym!.workflow())) as { nodes: { type: string }[]; edges: unknown[] };
  expect(opened.nodes.map((n) => n.type).sort()).toEqual(['audio.analyze', 'audio.load']);
  expect(opened.edges).toHaveLength(1);
});
