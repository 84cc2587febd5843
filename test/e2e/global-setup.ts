/** Playwright global setup: build the renderer once, start `grym serve`, share its URL and data dir. */
import { buildRenderer, startServe } from './serve-process.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!process.env.GRYM_E2E_SKIP_BUILD) buildRenderer();
  const serve = await startServe();
  process.env.GRYM_E2E_URL = serve.url;
  process.env.GRYM_E2E_DATA_DIR = serve.dataDir;
  return serve.stop;
}
