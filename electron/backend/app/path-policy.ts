/**
 * Keeps a browser-driven workflow inside the file areas: under `grym serve`, every node's `path`
 * param must resolve into `<dataDir>/assets` (what the user imported) or `<dataDir>/exports`
 * (relative export paths land there), so a remote page can neither read nor write other files.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';
import { parseWorkflow } from '../../../shared/workflow/schema.ts';

const PATH_PARAMS = ['path', 'file', 'dir', 'outputPath', 'inputPath'];

function within(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function assertWorkflowPathsAllowed(raw: unknown, dataDir: string): void {
  const parsed = parseWorkflow(raw);
  if (!parsed.ok) return; // the engine reports schema errors itself
  const assets = resolve(dataDir, 'assets');
  const exportsDir = resolve(dataDir, 'exports');
  for (const node of parsed.workflow.nodes) {
    for (const key of PATH_PARAMS) {
      const value = node.params?.[key];
      if (value === undefined) continue;
      if (typeof value !== 'string') continue;
      const target = isAbsolute(value) ? resolve(value) : resolve(join(exportsDir, value));
      if (value.includes('\0') || !(within(assets, target) || within(exportsDir, target))) {
        throw new GrymError('IPC_FORBIDDEN_PATH', `node "${node.id}": ${key} must be an imported asset or a file under exports/, got ${value}`, { nodeId: node.id });
      }
    }
  }
}
