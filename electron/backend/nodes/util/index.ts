import type { NodeRegistry } from '../registry.ts';
import { utilPassthrough } from './passthrough.ts';
import { utilWait } from './wait.ts';

export function registerUtilNodes(registry: NodeRegistry): void {
  registry.register(utilWait).register(utilPassthrough);
}
