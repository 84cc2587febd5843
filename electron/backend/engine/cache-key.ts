/** The output-cache key: node type and version, canonical params, and the input artifact hashes. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/canonical-json.ts';

export function cacheKey(nodeType: string, version: number, params: unknown, inputHashes: Record<string, string>, salt = ''): string {
  const inputs = Object.keys(inputHashes)
    .sort()
    .map((k) => `${k}=${inputHashes[k]}`)
    .join('&');
  return createHash('sha256').update(`${nodeType}@${version}\n${canonicalJson(params)}\n${inputs}\n${salt}`).digest('hex');
}
