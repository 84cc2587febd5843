/** The token and Origin checks every `grym serve` entry point (WebSocket, uploads, downloads) applies. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token (Jupyter-style), 32 bytes as hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** The token a request carries: `?token=`, `Authorization: Bearer …` or `X-Grym-Token`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const h = req.headers['x-grym-token'];
  return typeof h === 'string' ? h : null;
}

export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browsers always send Origin on WebSocket upgrades and cross-origin requests. An Origin is accepted
 * when it is this server itself (same scheme-less host:port as the Host header) or explicitly allowed.
 * Requests without an Origin come from non-browser clients and are judged by the token alone.
 */
export function originAllowed(req: IncomingMessage, extra: readonly string[] = []): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (extra.includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const host = req.headers.host;
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && host !== undefined && parsed.host === host;
}

export type AuthFailure = { status: 401 | 403; code: 'IPC_UNAUTHORIZED'; message: string };

export function checkRequest(req: IncomingMessage, url: URL, token: string, extraOrigins: readonly string[] = []): AuthFailure | null {
  if (!originAllowed(req, extraOrigins)) return { status: 403, code: 'IPC_UNAUTHORIZED', message: `origin ${String(req.headers.origin)} is not allowed` };
  if (!tokenMatches(token, requestToken(req, url))) return { status: 401, code: 'IPC_UNAUTHORIZED', message: 'a valid token is required (open the URL grym serve printed)' };
  return null;
}
