import { z } from 'zod';
import { defineNodeType } from '../types.ts';

export const utilPassthrough = defineNodeType({
  type: 'util.passthrough',
  version: 1,
  title: 'Passthrough',
  category: 'Utility',
  description: 'Passes its input to its output unchanged.',
  inputs: [{ name: 'in', type: 'any', required: true }],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({}),
  resources: { cpu: 0 },
  cacheable: true,
  expectedMs: 0,
  run(ctx) {
    return Promise.resolve({ out: ctx.inputs.in });
  },
});
