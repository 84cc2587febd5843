/**
 * Starts a worker thread on a module of ours. A compiled build (dist/electron) starts the `.js` file
 * directly; from source (tests, the CLI through tsx) a tiny bootstrap registers tsx's loader first,
 * because Node 20 does not apply `--import tsx` to a worker's entry module.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/** The URL of sibling module `name` (no extension) next to `base`, in whichever form `base` is. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

export function spawnModuleWorker(script: URL | string, options: WorkerOptions = {}): Worker {
  const href = typeof script === 'string' ? (script.startsWith('file:') ? script : pathToFileURL(script).href) : script.href;
  if (!href.endsWith('.ts')) return new Worker(new URL(href), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
