import type { NodeRegistry } from '../registry.ts';
import { audioAnalyze } from '../audio/analyze.ts';

/** Analysis node types (`audio.analyze`); the audio I/O group registers the rest of `audio.*`. */
export function registerAnalysisNodes(registry: NodeRegistry): void {
  registry.register(audioAnalyze);
}
