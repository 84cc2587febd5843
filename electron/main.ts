/**
 * The Electron main process: one window, locked down, and a bridge to the back end.
 *
 * - The back end (engine, SQLite, audio, ONNX) runs in a worker thread (backend/app/worker-host), so
 *   this process only routes messages and never blocks.
 * - The renderer is sandboxed, context-isolated, without Node; it sees only `window.grym` (preload).
 * - App files come from the privileged `grym://app/` protocol, never file://; `grym://app/files/…`
 *   serves only imported assets and exports. Every response carries a strict CSP.
 * - IPC: `ipcMain.handle('grym:call')`, accepted only from our own top frame; events go out on `grym:event`.
 */
import { app, BrowserWindow, ipcMain, net, protocol, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMethodName } from '../shared/contract.ts';
import { resolveAreaFile, type FileArea } from './backend/app/files.ts';
import { startBackendWorker, type BackendWorker } from './backend/transport/worker-client.ts';
import { defaultDataDir } from './backend/paths.ts';

const SCHEME = 'grym';
const APP_ORIGIN = `${SCHEME}://app`;
const here = fileURLToPath(new URL('.', import.meta.url)); // dist/electron/
const rendererDir = resolve(here, '../renderer');
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }]);
app.enableSandbox();

let backend: BackendWorker | undefined;
let mainWindow: BrowserWindow | undefined;
const dataDir = process.env.GRYM_DATA_DIR ?? (app.isPackaged ? app.getPath('userData') : defaultDataDir());

function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !mainWindow || event.sender !== mainWindow.webContents) return false;
  if (frame !== event.sender.mainFrame) return false; // no iframes
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

async function serveAppFile(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== 'app') return new Response('not found', { status: 404 });
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return new Response('bad path', { status: 400 });
  }
  let file: string;
  const files = /^\/files\/(assets|exports)\/(.+)$/.exec(pathname);
  if (files) {
    try {
      file = resolveAreaFile(dataDir, files[1] as FileArea, files[2]!);
    } catch (err) {
      return new Response((err as Error).message, { status: 403 });
    }
  } else {
    file = resolve(rendererDir, `.${pathname}`);
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return new Response('forbidden', { status: 403 });
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (/\.[A-Za-z0-9]+$/.test(pathname)) return new Response('not found', { status: 404 });
      file = join(rendererDir, 'index.html');
    }
  }
  const res = await net.fetch(pathToFileURL(file).toString(), { headers: request.headers });
  const headers = new Headers(res.headers);
  headers.set('Content-Security-Policy', CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(res.body, { status: res.status, headers });
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'grym-synth',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => lockDown(contents));

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  protocol.handle(SCHEME, serveAppFile);

  backend = startBackendWorker(new URL('./backend/app/worker-host.js', import.meta.url), { dataDir, version: app.getVersion(), fileOrigin: APP_ORIGIN, transport: 'electron' });
  backend.onExit((code) => {
    if (code !== 0) console.error(`grym: the back-end worker stopped (exit code ${code})`);
  });
  backend.subscribe((event) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('grym:event', event);
  });

  ipcMain.handle('grym:call', async (event, method: unknown, params: unknown) => {
    if (!isOwnFrame(event)) return { ok: false, error: { code: 'IPC_UNAUTHORIZED', message: 'calls are accepted only from the app window' } };
    if (!isMethodName(method)) return { ok: false, error: { code: 'IPC_UNKNOWN_METHOD', message: `unknown method ${JSON.stringify(String(method)).slice(0, 100)}` } };
    if (!backend) return { ok: false, error: { code: 'INTERNAL', message: 'the back end is not running' } };
    return backend.call(method, params);
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((err: unknown) => {
  console.error('grym: failed to start', err);
  app.exit(1);
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !backend) return;
  event.preventDefault();
  quitting = true;
  void backend.shutdown().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
