/**
 * The renderer's one client of the back end. It speaks the contract in shared/contract.ts over
 * Electron IPC (`window.grym`, from the preload) or the WebSocket of `grym serve`, and cannot tell
 * them apart:
 *
 *   const client = connect();
 *   const types = await client.call('nodeTypes.list');
 *   const off = client.on('node.progress', (e) => …);   // or client.on('*', …)
 *
 * Calls reject with a GrymError whose `code` (and `nodeId`) come from the back end.
 */
import { createClient, electronTransport, type GrymBridge, type GrymClient, type Transport } from '../../../shared/ipc/client.ts';
import { wsTransport } from '../../../shared/ipc/ws-transport.ts';

export { createClient, electronTransport, wsTransport };
export type { GrymBridge, GrymClient, Transport };
export type * from '../../../shared/contract.ts';

declare global {
  interface Window {
    grym?: GrymBridge;
  }
}

/** The token `grym serve` printed in the URL (`?token=…`), kept for the session so reloads work. */
export function serveToken(loc: Location = window.location, storage: Storage | undefined = window.sessionStorage): string | null {
  const fromUrl = new URLSearchParams(loc.search).get('token');
  if (fromUrl) {
    storage?.setItem('grym.token', fromUrl);
    return fromUrl;
  }
  return storage?.getItem('grym.token') ?? null;
}

/** Connects to the back end: the Electron bridge when present, else the serve WebSocket on this origin. */
export function connect(): GrymClient {
  if (window.grym) return createClient(electronTransport(window.grym));
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient(wsTransport(`${proto}//${window.location.host}/ws`, serveToken() ?? ''));
}

/** Adds the serve token to a same-origin file URL returned by the back end (exports, assets). */
export function withToken(url: string): string {
  const token = window.grym ? null : serveToken();
  if (!token || url.includes('token=')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}
