import { describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../../electron/backend/audio/analysis/pool.ts';

const sine = (hz: number, seconds: number, rate = 44_100): Float32Array => {
  const x = new Float32Array(seconds * rate);
  for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / rate);
  return x;
};

describe('analysis worker pool', () => {
  it('analyses in a worker thread, transferring the samples, and keeps the event loop free', async () => {
    const pool = new AnalysisPool(1);
    try {
      const x = sine(220, 3);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const a = await pool.analyze({ sampleRate: 44_100, channels: [x] });
      clearInterval(timer);
      expect(Math.abs(a.pitch.medianHz - 220)).toBeLessThan(1);
      expect(x.length).toBe(0); // transferred (detached)
      expect(ticks).toBeGreaterThan(0);
      const copy = sine(440, 1);
      await pool.analyze({ sampleRate: 44_100, channels: [copy] }, { copy: true });
      expect(copy.length).toBe(44_100);
    } finally {
      await pool.dispose();
    }
  });

  it('cancels a running job with its signal and keeps working afterwards; dispose is idempotent', async () => {
    const pool = new AnalysisPool(1);
    const ac = new AbortController();
    const long = pool.analyze({ sampleRate: 44_100, channels: [sine(100, 60)] }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(long).rejects.toMatchObject({ code: 'NODE_CANCELLED' });
    const a = await pool.analyze({ sampleRate: 44_100, channels: [sine(330, 1)] });
    expect(Math.abs(a.pitch.medianHz - 330)).toBeLessThan(2);
    const pending = pool.analyze({ sampleRate: 44_100, channels: [sine(330, 30)] }).then(() => null, (e: unknown) => e);
    await pool.dispose();
    await pool.dispose();
    expect(await pending).toMatchObject({ code: 'NODE_CANCELLED' });
  });
});
