import { describe, expect, it } from 'vitest';
import { ResourceManager, type Lease } from '../../../electron/backend/engine/resources.ts';
import { CancelledError, GrymError } from '../../../shared/errors.ts';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));
const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof CancelledError ? 'CANCELLED' : err instanceof GrymError ? err.code : String(err);
  }
}

describe('ResourceManager', () => {
  it('never lets concurrent leases exceed any capacity', async () => {
    const rm = new ResourceManager({ cpu: 3, memoryMb: 1000, gpu: 1 });
    const random = rng(1);
    const use = { cpu: 0, memoryMb: 0, gpu: 0 };
    const max = { cpu: 0, memoryMb: 0, gpu: 0 };
    const jobs = Array.from({ length: 60 }, async () => {
      const needs = { cpu: 1 + Math.floor(random() * 2), memoryMb: Math.floor(random() * 600), gpu: random() < 0.3 ? 1 : 0 };
      const lease = await rm.acquire(needs);
      for (const k of ['cpu', 'memoryMb', 'gpu'] as const) {
        use[k] += needs[k];
        max[k] = Math.max(max[k], use[k]);
      }
      await tick(random() * 3);
      for (const k of ['cpu', 'memoryMb', 'gpu'] as const) use[k] -= needs[k];
      lease.release();
    });
    await Promise.all(jobs);
    expect(max.cpu).toBeLessThanOrEqual(3);
    expect(max.memoryMb).toBeLessThanOrEqual(1000);
    expect(max.gpu).toBeLessThanOrEqual(1);
    expect(max.cpu).toBeGreaterThan(1);
    const s = rm.stats();
    expect(s.inUse).toEqual({ cpu: 0, gpu: 0, memoryMb: 0 });
    expect(s.grants).toBe(60);
    expect(s.peak.cpu).toBe(max.cpu);
  });

  it('uses the core count, no gpu and 75% of RAM as default capacities', () => {
    const caps = new ResourceManager().stats().capacities;
    expect(caps.cpu).toBeGreaterThanOrEqual(1);
    expect(caps.gpu).toBe(0);
    expect(caps.memoryMb).toBeGreaterThan(0);
  });

  it('serves waiters by priority, then first come first served', async () => {
    const rm = new ResourceManager({ cpu: 1 }, { agingMs: Infinity });
    const holder = rm.tryAcquire({ cpu: 1 })!;
    const order: string[] = [];
    const ask = (name: string, priority: number) =>
      rm.acquire({ cpu: 1 }, { priority }).then((l) => {
        order.push(name);
        l.release();
      });
    const all = [ask('low', 0), ask('high-1', 5), ask('mid', 2), ask('high-2', 5), ask('low-2', 0)];
    expect(rm.stats().waiting).toBe(5);
    holder.release();
    await Promise.all(all);
    expect(order).toEqual(['high-1', 'high-2', 'mid', 'low', 'low-2']);
  });

  it('does not let a stream of small requests starve a big one', async () => {
    const rm = new ResourceManager({ cpu: 4 });
    const events: string[] = [];
    let stop = false;
    const small = async (i: number): Promise<void> => {
      while (!stop) {
        const l = await rm.acquire({ cpu: 1 });
        events.push(`small${i}`);
        await tick(1);
        l.release();
      }
    };
    const workers = [0, 1, 2, 3].map(small);
    await tick(5);
    const big = rm.acquire({ cpu: 4 }).then((l) => {
      events.push('big');
      l.release();
    });
    const guard = tick(2000).then(() => 'starved');
    expect(await Promise.race([big.then(() => 'served'), guard])).toBe('served');
    stop = true;
    await Promise.all(workers);
    expect(events.filter((e) => e === 'big')).toHaveLength(1);
  });

  it('ages waiting requests so low priority overtakes newer high priority after waiting long enough', async () => {
    const run = async (agingMs: number): Promise<string[]> => {
      let now = 0;
      const rm = new ResourceManager({ cpu: 1 }, { agingMs, now: () => now });
      const holder = rm.tryAcquire({ cpu: 1 })!;
      const order: string[] = [];
      const leases: Lease[] = [];
      const ask = (name: string, priority: number) =>
        rm.acquire({ cpu: 1 }, { priority }).then((l) => {
          order.push(name);
          leases.push(l);
        });
      const all = [ask('low', 0), ask('high1', 3)];
      holder.release();
      await all[1];
      now = 50; // low has waited 50 ms: five priority points at agingMs = 10
      all.push(ask('high2', 3));
      while (order.length < 3) {
        leases.shift()!.release();
        await flush();
      }
      await Promise.all(all);
      return order;
    };
    expect(await run(10)).toEqual(['high1', 'low', 'high2']);
    expect(await run(Infinity)).toEqual(['high1', 'high2', 'low']);
  });

  it('removes an aborted waiter and rejects it with CancelledError', async () => {
    const rm = new ResourceManager({ cpu: 1 });
    const holder = rm.tryAcquire({ cpu: 1 })!;
    const ac = new AbortController();
    const aborted = codeOf(rm.acquire({ cpu: 1 }, { signal: ac.signal }));
    const next = rm.acquire({ cpu: 1 });
    expect(rm.stats().waiting).toBe(2);
    ac.abort();
    expect(await aborted).toBe('CANCELLED');
    expect(rm.stats().waiting).toBe(1);
    holder.release();
    const l = await next;
    expect(rm.stats().inUse.cpu).toBe(1);
    l.release();
    const pre = new AbortController();
    pre.abort();
    expect(await codeOf(rm.acquire({ cpu: 1 }, { signal: pre.signal }))).toBe('CANCELLED');
  });

  it('rejects at once a request for more than a capacity or for an unknown resource', async () => {
    const rm = new ResourceManager({ cpu: 2, gpu: 0 });
    expect(await codeOf(rm.acquire({ cpu: 3 }))).toBe('RESOURCE_UNSATISFIABLE');
    expect(await codeOf(rm.acquire({ gpu: 1 }))).toBe('RESOURCE_UNSATISFIABLE');
    expect(await codeOf(rm.acquire({ tpu: 1 }))).toBe('RESOURCE_UNSATISFIABLE');
    expect(await codeOf(rm.acquire({ cpu: -1 }))).toBe('RESOURCE_UNSATISFIABLE');
    expect(() => rm.tryAcquire({ cpu: 5 })).toThrow(GrymError);
    expect(rm.stats().waiting).toBe(0);
  });

  it('grants zero needs immediately even when everything is taken', async () => {
    const rm = new ResourceManager({ cpu: 1 });
    const holder = rm.tryAcquire({ cpu: 1 })!;
    void rm.acquire({ cpu: 1 });
    const l = await rm.acquire({ cpu: 0, tpu: 0 });
    expect(l.needs).toEqual({});
    expect(rm.tryAcquire({})).not.toBeNull();
    expect(rm.tryAcquire({ cpu: 1 })).toBeNull();
    holder.release();
  });

  it('releases idempotently', () => {
    const rm = new ResourceManager({ cpu: 2 });
    const a = rm.tryAcquire({ cpu: 1 })!;
    const b = rm.tryAcquire({ cpu: 1 })!;
    a.release();
    a.release();
    expect(rm.stats().inUse.cpu).toBe(1);
    b.release();
    expect(rm.stats().inUse.cpu).toBe(0);
  });

  it('detects a deadlock between two owners and rejects the newest waiter naming the cycle', async () => {
    const rm = new ResourceManager({ cpu: 1, gpu: 1 });
    const aCpu = rm.tryAcquire({ cpu: 1 }, { owner: 'A' })!;
    const bGpu = rm.tryAcquire({ gpu: 1 }, { owner: 'B' })!;
    const aWantsGpu = rm.acquire({ gpu: 1 }, { owner: 'A' });
    const bWantsCpu = rm.acquire({ cpu: 1 }, { owner: 'B' });
    const err = await bWantsCpu.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrymError);
    expect((err as GrymError).code).toBe('RESOURCE_DEADLOCK');
    const cycle = (err as GrymError & { details: { cycle: string[] } }).details.cycle;
    expect(cycle[0]).toBe('B');
    expect(cycle).toContain('A');
    expect(cycle.at(-1)).toBe('B');
    expect(rm.stats().deadlocks).toBe(1);
    bGpu.release(); // B backs off, A proceeds
    const l = await aWantsGpu;
    expect(l.owner).toBe('A');
    l.release();
    aCpu.release();
  });

  it('does not report a deadlock when a multi-unit resource will be freed by someone outside the cycle', async () => {
    const rm = new ResourceManager({ cpu: 2, gpu: 1 });
    rm.tryAcquire({ cpu: 1 }, { owner: 'A' });
    const c = rm.tryAcquire({ cpu: 1 }, { owner: 'C' })!;
    const bGpu = rm.tryAcquire({ gpu: 1 }, { owner: 'B' })!;
    const bCpu = rm.acquire({ cpu: 1 }, { owner: 'B' });
    const aGpu = rm.acquire({ gpu: 1 }, { owner: 'A' });
    await flush();
    expect(rm.stats().deadlocks).toBe(0);
    c.release();
    (await bCpu).release();
    bGpu.release();
    expect((await aGpu).owner).toBe('A');
  });

  it('detects a deadlock where an owner waits behind a reservation for what it holds', async () => {
    const rm = new ResourceManager({ cpu: 2 });
    const aFirst = rm.tryAcquire({ cpu: 1 }, { owner: 'A' })!;
    const bBig = rm.acquire({ cpu: 2 }, { owner: 'B' }); // reserves both slots, needs A's
    const aMore = rm.acquire({ cpu: 1 }, { owner: 'A' }); // one slot is free, but reserved for B
    const err = (await aMore.catch((e: unknown) => e)) as GrymError & { details: { cycle: string[] } };
    expect(err.code).toBe('RESOURCE_DEADLOCK');
    expect(err.details.cycle).toEqual(['A', 'B', 'A']);
    aFirst.release();
    expect((await bBig).owner).toBe('B');
  });

  it('detects an owner waiting on itself', async () => {
    const rm = new ResourceManager({ cpu: 2 });
    rm.tryAcquire({ cpu: 2 }, { owner: 'solo' });
    expect(await codeOf(rm.acquire({ cpu: 1 }, { owner: 'solo' }))).toBe('RESOURCE_DEADLOCK');
  });

  it('finishes a randomized stress of atomic multi-resource requests without deadlock', async () => {
    const rm = new ResourceManager({ cpu: 4, gpu: 2, memoryMb: 4096, disk: 3 });
    const random = rng(7);
    const names = ['cpu', 'gpu', 'memoryMb', 'disk'] as const;
    const caps = { cpu: 4, gpu: 2, memoryMb: 4096, disk: 3 };
    const worker = async (): Promise<void> => {
      for (let i = 0; i < 40; i++) {
        const needs: Record<string, number> = {};
        for (const n of names) if (random() < 0.6) needs[n] = n === 'memoryMb' ? Math.ceil(random() * 2048) : 1 + Math.floor(random() * caps[n]);
        const l = await rm.acquire(needs, { priority: Math.floor(random() * 3) });
        for (const n of names) expect(rm.stats().inUse[n]).toBeLessThanOrEqual(caps[n]);
        if (random() < 0.5) await tick(0);
        else await flush();
        l.release();
      }
    };
    await Promise.all(Array.from({ length: 24 }, worker));
    const s = rm.stats();
    expect(s.grants).toBe(24 * 40);
    expect(s.waiting).toBe(0);
    expect(s.inUse).toEqual({ cpu: 0, gpu: 0, memoryMb: 0, disk: 0 });
  });

  it('breaks every deadlock of nested hold-and-wait acquisition so a randomized stress finishes', async () => {
    const rm = new ResourceManager({ a: 1, b: 1, c: 2 });
    const random = rng(11);
    const pick = (): Record<string, number> => ({ [['a', 'b', 'c'][Math.floor(random() * 3)]!]: 1 });
    let done = 0;
    const worker = async (w: number): Promise<void> => {
      const owner = `w${w}`;
      while (done < 200) {
        const first = await rm.acquire(pick(), { owner });
        try {
          await tick(0);
          const second = await rm.acquire(pick(), { owner });
          await flush();
          second.release();
          done++;
        } catch (err) {
          if (!(err instanceof GrymError) || err.code !== 'RESOURCE_DEADLOCK') throw err;
        } finally {
          first.release();
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
    expect(done).toBeGreaterThanOrEqual(200);
    expect(rm.stats().deadlocks).toBeGreaterThan(0);
    expect(rm.stats().inUse).toMatchObject({ a: 0, b: 0, c: 0 });
    expect(rm.stats().waiting).toBe(0);
  });

  it('reports time-weighted utilisation, peaks and waits', async () => {
    let now = 0;
    const rm = new ResourceManager({ cpu: 2, gpu: 1 }, { now: () => now });
    const a = rm.tryAcquire({ cpu: 1 })!;
    const b = rm.tryAcquire({ cpu: 1, gpu: 1 })!;
    now = 100;
    b.release();
    const waiting = rm.acquire({ cpu: 2 });
    now = 150;
    a.release();
    const c = await waiting;
    now = 200;
    c.release();
    const s = rm.stats();
    // cpu: 2 slots for 100 ms, 1 for 50, 2 for 50 → 350 slot-ms of 400
    expect(s.utilisation.cpu).toBeCloseTo(350 / 400, 6);
    expect(s.utilisation.gpu).toBeCloseTo(100 / 200, 6);
    expect(s.utilisation.memoryMb).toBe(0);
    expect(s.peak).toMatchObject({ cpu: 2, gpu: 1 });
    expect(s.grants).toBe(3);
    expect(s.waitedGrants).toBe(1);
    expect(s.totalWaitMs).toBe(50);
    expect(s.avgWaitMs).toBeCloseTo(50 / 3, 6);
  });

  it('rejects every waiter on dispose', async () => {
    const rm = new ResourceManager({ cpu: 1 });
    rm.tryAcquire({ cpu: 1 });
    const w = [rm.acquire({ cpu: 1 }), rm.acquire({ cpu: 1 }, { priority: 3 })].map(codeOf);
    rm.dispose();
    expect(await Promise.all(w)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(await codeOf(rm.acquire({ cpu: 1 }))).toBe('CANCELLED');
  });
});
