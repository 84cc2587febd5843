import type { NodeRegistry } from '../registry.ts';
import { midiExport } from './export.ts';

export function registerMidiNodes(registry: NodeRegistry): void {
  registry.register(midiExport);
}
