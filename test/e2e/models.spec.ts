/** The Models panel against a real `grym serve`: the registry with states, an install with live progress from a loopback server, remove. */
import { expect, test } from '@playwright/test';
import { startModelServer, type LoopbackServer } from '../unit/models/helpers/loopback-server.ts';
import { openApp } from './helpers.ts';

let server: LoopbackServer;

test.beforeAll(async () => {
  server = await startModelServer();
});
test.afterAll(async () => {
  await server.close();
});

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the Models panel lists basic-pitch with its state, provider, size and breaker', async ({ page }) => {
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Models panel' });
  const row = panel.locator('tr[data-model-id="basic-pitch"]');
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'missing');
  await expect(row.getByLabel('state missing')).toBeVisible();
  await expect(row).toContainText('Apache-2.0');
  await expect(row).toContainText('225 kB');
  await expect(row.getByLabel('breaker closed')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Install basic-pitch' })).toBeEnabled();
  // models whose checksums are not pinned cannot be installed, and say why
  await expect(panel.getByRole('button', { name: 'Install musicgen-small' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('models-panel.png') });
});

test('installing basic-pitch shows progress and ends ready; Remove returns it to missing', async ({ page }) => {
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const row = page.getByRole('dialog', { name: 'Models panel' }).locator('tr[data-model-id="basic-pitch"]');
  await row.getByLabel('Source for basic-pitch').fill(`${server.base}/slow/basic-pitch/nmp.onnx`);
  await row.getByRole('button', { name: 'Install basic-pitch' }).click();
  const bar = row.getByRole('progressbar', { name: 'basic-pitch download progress' });
  await expect(bar).toBeVisible();
  await expect(row.getByRole('button', { name: 'Cancel install of basic-pitch' })).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('models-installing.png') });
  await expect(row).toHaveAttribute('data-state', 'ready');
  await expect(row.getByLabel('state ready')).toBeVisible();
  await row.getByRole('button', { name: 'Remove basic-pitch' }).click();
  await expect(row).toHaveAttribute('data-state', 'missing');
  await expect(row.getByRole('button', { name: 'Install basic-pitch' })).toBeVisible();
});

test('a corrupted download shows MODEL_CHECKSUM on the model', async ({ page }) => {
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const row = page.getByRole('dialog', { name: 'Models panel' }).locator('tr[data-model-id="basic-pitch"]');
  await row.getByLabel('Source for basic-pitch').fill(`${server.base}/corrupt/basic-pitch/nmp.onnx`);
  await row.getByRole('button', { name: 'Install basic-pitch' }).click();
  await expect(row).toHaveAttribute('data-state', 'error');
  await expect(row.getByRole('alert', { name: 'basic-pitch error' })).toContainText('MODEL_CHECKSUM');
  await expect(row.getByRole('button', { name: 'Install basic-pitch' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('models-checksum-error.png') });
});
