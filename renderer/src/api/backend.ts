/**
 * The renderer's handle on the back end: one typed client (api/client.ts), whichever transport it
 * uses. Components call `api().call(...)`; the app shell installs the client at start-up.
 */
import type { GrymClient } from './client.ts';

export type Api = GrymClient;

let current: Api | null = null;

export function setApi(client: Api | null): void {
  current = client;
}

export function api(): Api {
  if (!current) throw new Error('the back-end client is not connected yet');
  return current;
}

export function hasApi(): boolean {
  return current !== null;
}

/** A readable one-liner for an error that crossed the boundary (`{ code, message }`) or any other. */
export function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && typeof e.message === 'string') return `${e.code}: ${e.message}`;
    if (typeof e.message === 'string') return e.message;
  }
  return String(err);
}
