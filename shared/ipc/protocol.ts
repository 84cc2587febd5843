/**
 * The wire protocol every transport speaks (WebSocket text frames, worker/port messages, Electron IPC
 * replies). A call carries an id; its result echoes it. Events are pushed without an id.
 * Raw bytes survive JSON as `{ "$bytes": "<base64>" }` (see encodeWire/decodeWire).
 */
import type { SerializedError } from '../errors.ts';
import type { ContractEvent } from '../contract.ts';

export interface CallMessage {
  kind: 'call';
  id: number;
  method: string;
  params?: unknown;
}
export type ResultMessage =
  | { kind: 'result'; id: number | null; ok: true; result: unknown }
  | { kind: 'result'; id: number | null; ok: false; error: SerializedError };
export interface EventMessage {
  kind: 'event';
  event: ContractEvent;
}
export type ServerMessage = ResultMessage | EventMessage;
/** The outcome of one dispatch, before an id is attached. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: SerializedError };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64 without Node's Buffer or the DOM's btoa (works in shared code everywhere). */
export function bytesToBase64(bytes: Uint8Array): string {
  let outStr = '';
  const chunk: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk.push(B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!);
    if (chunk.length >= 4096) {
      outStr += chunk.join('');
      chunk.length = 0;
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    chunk.push(B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk.push(B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=');
  }
  return outStr + chunk.join('');
}

const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62; // base64url
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

/** Decodes base64 (or base64url); returns null when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  const s = text.replace(/[\s=]+$/g, '').replace(/\s+/g, '');
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    const len = Math.min(4, s.length - i);
    for (let j = 0; j < 4; j++) {
      const c = j < len ? s.charCodeAt(i + j) : 65; // pad with 'A' (0)
      const v = c < 128 ? LOOKUP[c]! : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (len > 2) out[o++] = (n >> 8) & 255;
    if (len > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

/** JSON with Uint8Arrays carried as `{ $bytes: base64 }`. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: bytesToBase64(v) };
    if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return { $bytes: bytesToBase64(Uint8Array.from((v as { data: number[] }).data)) };
    }
    return v;
  });
}

/** Parses a wire frame; throws SyntaxError on malformed JSON. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$bytes' && typeof (v as { $bytes: unknown }).$bytes === 'string') {
        return base64ToBytes((v as { $bytes: string }).$bytes) ?? v;
      }
    }
    return v;
  });
}
