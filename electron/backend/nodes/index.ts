/** The default node registry. Each group registers its own types; add a group with one line here. */
import { NodeRegistry } from './registry.ts';
import { registerUtilNodes } from './util/index.ts';
import { registerAudioNodes } from './audio/index.ts';
import { registerMidiNodes } from './midi/index.ts';
import { registerModelNodes } from './model/index.ts';
import { registerAnalysisNodes } from './analysis/index.ts';

export function createDefaultRegistry(): NodeRegistry {
  const registry = new NodeRegistry();
  registerUtilNodes(registry);
  registerAudioNodes(registry);
  registerMidiNodes(registry);
  registerModelNodes(registry);
  registerAnalysisNodes(registry);
  return registry;
}
