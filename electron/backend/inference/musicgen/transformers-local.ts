/**
 * transformers.js (`@huggingface/transformers`), loaded lazily and locked to local files: remote
 * loading is off, its fetch refuses every request, and it reads the files our model manager
 * installed (and verified) under `<dataDir>/models/<id>/`. Nothing imports the library unless a
 * generation actually runs.
 */
import type * as TransformersModule from '@huggingface/transformers';
import { resolve } from 'node:path';
import { GrymError } from '../../../../shared/errors.ts';

export type Transformers = typeof TransformersModule;
type TransformersEnv = Transformers['env'];

export interface LocalOnlyOptions {
  /** The installed model directory (absolute or relative; it is resolved). */
  modelDir: string;
  /** Where transformers.js may keep a cache: inside our data dir, never its package directory. */
  cacheDir: string;
}

let remoteAttempts = 0;

/** How many times transformers.js tried to reach the network in this thread (always refused). */
export function remoteAttemptCount(): number {
  return remoteAttempts;
}

/** Stands in for `fetch` inside transformers.js: counts the attempt and refuses it. */
async function refuseRemote(input: string | URL): Promise<never> {
  remoteAttempts++;
  throw new GrymError('MODEL_LOAD', `remote model loading is disabled: transformers.js asked for ${String(input)}; install the model with \`grym models install\``);
}

/** Applies the local-only settings to transformers.js's global `env` (idempotent). */
export function configureLocalOnly(env: TransformersEnv, opts: LocalOnlyOptions): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFS = true;
  env.localModelPath = resolve(opts.modelDir);
  // An unroutable host, should any code path build a remote URL despite allowRemoteModels = false.
  env.remoteHost = 'https://remote-loading-disabled.invalid/';
  env.fetch = refuseRemote;
  env.cacheDir = resolve(opts.cacheDir);
  // The files are read in place from the install directory; there is nothing to cache or to fetch.
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.useCustomCache = false;
  env.useWasmCache = false;
  env.experimental_useCrossOriginStorage = false;
}

/** Imports transformers.js on first use and configures it for local files only. */
export async function localTransformers(opts: LocalOnlyOptions): Promise<Transformers> {
  const tjs = await import('@huggingface/transformers');
  configureLocalOnly(tjs.env, opts);
  tjs.env.logLevel = tjs.LogLevel.ERROR;
  return tjs;
}
