/** The default node registry. Each group registers its own types; add a group with one line here. */
import { NodeRegistry } from './registry.ts';
import { registerUtilNodes } from './util/index.ts';

export function createDefaultRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registerUtilNodes(registry);
  return registry;
}
