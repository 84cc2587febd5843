import type { NodeRegistry } from '../registry.ts';
import { audioExport } from './export.ts';
import { audioGain } from './gain.ts';
import { audioLoad } from './load.ts';
import { audioMix } from './mix.ts';
import { audioNormalize } from './normalize.ts';
import { audioPeaks } from './peaks.ts';
import { audioResample } from './resample.ts';
import { audioTrim } from './trim.ts';

/** Audio I/O and the small utilities (analysis registers `audio.analyze` separately). */
export function registerAudioNodes(registry: NodeRegistry): void {
  registry.register(audioLoad).register(audioPeaks).register(audioExport).register(audioGain).register(audioNormalize).register(audioTrim).register(audioResample).register(audioMix);
}
