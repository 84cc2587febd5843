import type { NodeRegistry } from '../registry.ts';
import { audioSegment } from './segment.ts';
import { generateText2Audio } from './text2audio.ts';
import { modelTranscribe } from './transcribe.ts';

export function registerModelNodes(registry: NodeRegistry): void {
  registry.register(modelTranscribe).register(audioSegment).register(generateText2Audio);
}
