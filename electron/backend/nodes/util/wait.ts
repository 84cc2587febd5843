import { z } from 'zod';
import { CancelledError } from '../../../../shared/errors.ts';
import { defineNodeType } from '../types.ts';

/** Stands in for slow, deterministic work in tests and demos: waits `ms`, then passes `in` through. */
export const utilWait = defineNodeType({
  type: 'util.wait',
  version: 1,
  title: 'Wait',
  category: 'Utility',
  description: 'Waits for a number of milliseconds, then passes its input through.',
  inputs: [{ name: 'in', type: 'any', required: false }],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ ms: z.number().int().min(0).max(3_600_000).default(100) }),
  resources: { cpu: 1 },
  retry: { retries: 2, initialDelayMs: 50, maxDelayMs: 2000 },
  cacheable: true,
  expectedMs: (p) => p.ms,
  async run(ctx) {
    const { ms } = ctx.params;
    if (ms > 0) {
      await new Promise<void>((resolve, reject) => {
        const steps = Math.max(1, Math.min(20, Math.floor(ms / 50)));
        let step = 0;
        const tick = setInterval(() => {
          step++;
          if (step < steps) ctx.progress(step / steps);
        }, ms / steps);
        const t = setTimeout(() => {
          clearInterval(tick);
          ctx.signal.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(t);
          clearInterval(tick);
          reject(new CancelledError('wait aborted'));
        };
        if (ctx.signal.aborted) onAbort();
        else ctx.signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    return { out: ctx.inputs.in ?? null };
  },
});
