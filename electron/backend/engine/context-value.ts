/** Context values: strict JSON checking, byte size, and glob patterns over keys. */
import { GrymError } from '../../../shared/errors.ts';

/**
 * Throws CONTEXT_VALUE_INVALID unless `value` survives JSON unchanged: null, booleans, finite
 * numbers, strings, arrays and plain objects of those, without cycles.
 */
export function assertJsonValue(value: unknown, key: string): void {
  const stack = new Set<object>();
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(key, path, `non-finite number ${v}`);
      return;
    }
    if (typeof v !== 'object') fail(key, path, `a ${typeof v} is not JSON`);
    const o = v as object;
    if (stack.has(o)) fail(key, path, 'a cycle is not JSON');
    stack.add(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) walk(o[i], `${path}[${i}]`);
    } else {
      const proto = Object.getPrototypeOf(o) as unknown;
      if (proto !== Object.prototype && proto !== null) fail(key, path, `a ${o.constructor?.name ?? 'class'} instance is not plain JSON`);
      for (const [k, child] of Object.entries(o)) walk(child, `${path}.${k}`);
    }
    stack.delete(o);
  };
  walk(value, '$');
}

function fail(key: string, path: string, why: string): never {
  throw new GrymError('CONTEXT_VALUE_INVALID', `context value for "${key}" must be JSON-serialisable: ${why} at ${path}`, { details: { key, path } });
}

/** Serialises a checked value; its size is the UTF-8 byte length of the JSON. */
export function encodeValue(value: unknown, key: string): { json: string; size: number } {
  assertJsonValue(value, key);
  const json = JSON.stringify(value);
  return { json, size: Buffer.byteLength(json, 'utf8') };
}

/** A glob over keys: `*` matches any run of characters (`:` included), `?` exactly one. */
export function globToRegExp(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '*') src += src.endsWith('.*') ? '' : '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 's');
}
