/**
 * The resource manager: named resources with capacities (cpu slots, gpu slots, a memory budget in
 * MB, and any others), leased atomically, with waiters served by priority (then FIFO), aging,
 * a reservation rule against starvation, and deadlock detection for nested acquisition.
 * See ARCHITECTURE.md, "Resources".
 */
import os from 'node:os';
import { CancelledError, GrymError } from '../../../shared/errors.ts';
import { findDeadlock } from './resources-deadlock.ts';
import { WaiterQueue, type Waiter } from './resources-queue.ts';

export interface ResourceCapacities {
  /** CPU slots; default `os.availableParallelism()`. */
  cpu?: number;
  /** GPU slots; default 0. */
  gpu?: number;
  /** Memory budget in MB; default 75% of total RAM. */
  memoryMb?: number;
  [name: string]: number | undefined;
}

export interface ResourceManagerOptions {
  /** Milliseconds of waiting worth one priority point (default 2000; Infinity disables aging). */
  agingMs?: number;
  /** Clock in ms (default `performance.now`); injectable for tests. */
  now?: () => number;
}

export interface AcquireOptions {
  /** Higher is served first (default 0). */
  priority?: number;
  signal?: AbortSignal;
  /** Who holds the lease: names the nodes of the wait-for graph used for deadlock detection. */
  owner?: string;
}

export interface Lease {
  readonly id: number;
  readonly needs: Readonly<Record<string, number>>;
  readonly owner: string | undefined;
  /** Gives the resources back. Idempotent. */
  release(): void;
}

export interface ResourceStats {
  capacities: Record<string, number>;
  inUse: Record<string, number>;
  /** Time-weighted utilisation since start, 0..1 (0 for a zero capacity). */
  utilisation: Record<string, number>;
  peak: Record<string, number>;
  waiting: number;
  activeLeases: number;
  grants: number;
  /** Grants that had to wait in the queue. */
  waitedGrants: number;
  totalWaitMs: number;
  /** Mean wait over all grants (immediate grants count as 0). */
  avgWaitMs: number;
  deadlocks: number;
  elapsedMs: number;
}

const EPS = 1e-9;

class LeaseImpl implements Lease {
  private released = false;
  constructor(
    readonly id: number,
    readonly needs: Readonly<Record<string, number>>,
    readonly owner: string | undefined,
    readonly idx: number[],
    readonly amt: number[],
    private readonly onRelease: (l: LeaseImpl) => void,
  ) {}
  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this);
  }
}

interface Parsed {
  idx: number[];
  amt: number[];
  needs: Record<string, number>;
}

interface OwnerState {
  held: number[];
  leases: number;
  waiting: number;
}

export class ResourceManager {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly cap: number[] = [];
  private readonly used: number[] = [];
  private readonly peakUse: number[] = [];
  private readonly area: number[] = [];
  private readonly lastT: number[] = [];
  /** How many waiters need each resource. */
  private readonly waitCount: number[] = [];
  private readonly queue = new WaiterQueue();
  private readonly owners = new Map<string, OwnerState>();
  /** Owners that hold leases and wait for more: only then can a deadlock exist. */
  private waitingHolders = 0;
  private readonly now: () => number;
  private readonly agingMs: number;
  private readonly startedAt: number;
  private readonly releaseFn = (l: LeaseImpl): void => this.releaseLease(l);
  private nextId = 1;
  private seq = 0;
  private active = 0;
  private grants = 0;
  private waitedGrants = 0;
  private totalWaitMs = 0;
  private deadlocks = 0;
  private disposed = false;

  constructor(capacities: ResourceCapacities = {}, opts: ResourceManagerOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
    this.agingMs = opts.agingMs ?? 2000;
    const defaults: Record<string, number> = {
      cpu: os.availableParallelism(),
      gpu: 0,
      memoryMb: Math.floor((os.totalmem() / (1024 * 1024)) * 0.75),
    };
    const all = { ...defaults };
    for (const [k, v] of Object.entries(capacities)) if (v !== undefined) all[k] = v;
    this.startedAt = this.now();
    for (const [name, c] of Object.entries(all)) {
      if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
        throw new GrymError('INVALID_PARAMS', `resource capacity ${name} must be a finite number ≥ 0 (got ${String(c)})`);
      }
      this.index.set(name, this.names.length);
      this.names.push(name);
      this.cap.push(c);
      this.used.push(0);
      this.peakUse.push(0);
      this.area.push(0);
      this.lastT.push(this.startedAt);
      this.waitCount.push(0);
    }
  }

  /** Grants now if the request fits and no waiter wants any of its resources; else null. */
  tryAcquire(needs: Record<string, number>, opts: AcquireOptions = {}): Lease | null {
    if (this.disposed) return null;
    const p = this.parse(needs);
    if (!this.canBarge(p)) return null;
    return this.grant(p, opts.owner);
  }

  acquire(needs: Record<string, number>, opts: AcquireOptions = {}): Promise<Lease> {
    if (this.disposed) return Promise.reject(new CancelledError('resource manager disposed'));
    let p: Parsed;
    try {
      p = this.parse(needs);
    } catch (err) {
      return Promise.reject(err);
    }
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(new CancelledError('resource request aborted'));
    if (this.canBarge(p)) return Promise.resolve(this.grant(p, opts.owner));
    return new Promise<Lease>((resolve, reject) => {
      const w: Waiter = {
        seq: ++this.seq,
        priority: opts.priority ?? 0,
        enqueuedAt: this.now(),
        owner: opts.owner,
        idx: p.idx,
        amt: p.amt,
        needs: p.needs,
        resolve: resolve as (v: unknown) => void,
        reject,
        signal,
        onAbort: undefined,
        done: false,
      };
      if (signal) {
        w.onAbort = () => {
          if (w.done) return;
          this.unqueue(w);
          reject(new CancelledError('resource request aborted'));
          this.dispatch();
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.enqueue(w);
      this.dispatch();
    });
  }

  stats(): ResourceStats {
    const t = this.now();
    const rec = (f: (i: number) => number): Record<string, number> => Object.fromEntries(this.names.map((n, i) => [n, f(i)]));
    const elapsed = t - this.startedAt;
    return {
      capacities: rec((i) => this.cap[i]!),
      inUse: rec((i) => this.used[i]!),
      utilisation: rec((i) => {
        const a = this.area[i]! + this.used[i]! * (t - this.lastT[i]!);
        return this.cap[i]! > 0 && elapsed > 0 ? Math.min(1, a / (this.cap[i]! * elapsed)) : 0;
      }),
      peak: rec((i) => this.peakUse[i]!),
      waiting: this.queue.size,
      activeLeases: this.active,
      grants: this.grants,
      waitedGrants: this.waitedGrants,
      totalWaitMs: this.totalWaitMs,
      avgWaitMs: this.grants > 0 ? this.totalWaitMs / this.grants : 0,
      deadlocks: this.deadlocks,
      elapsedMs: elapsed,
    };
  }

  /** Rejects every waiter with CancelledError; later requests are refused. Leases stay valid. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.queue.list(this.now(), this.agingMs)) {
      this.unqueue(w);
      w.reject(new CancelledError('resource manager disposed'));
    }
  }

  private parse(needs: Record<string, number>): Parsed {
    const idx: number[] = [];
    const amt: number[] = [];
    const out: Record<string, number> = {};
    for (const name in needs) {
      const v = needs[name];
      if (v === 0 || v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new GrymError('RESOURCE_UNSATISFIABLE', `invalid amount of ${name}: ${String(v)}`, { details: { needs } });
      }
      const i = this.index.get(name);
      if (i === undefined) {
        throw new GrymError('RESOURCE_UNSATISFIABLE', `unknown resource "${name}" (known: ${this.names.join(', ')})`, { details: { needs } });
      }
      if (v > this.cap[i]! + EPS) {
        throw new GrymError('RESOURCE_UNSATISFIABLE', `needs ${v} ${name} but the capacity is ${this.cap[i]}`, { details: { needs, capacity: this.cap[i] } });
      }
      idx.push(i);
      amt.push(v);
      out[name] = v;
    }
    return { idx, amt, needs: out };
  }

  /** Fits now, and no waiter is queued for any of its resources (so it overtakes nobody). */
  private canBarge(p: Parsed): boolean {
    for (let k = 0; k < p.idx.length; k++) {
      const i = p.idx[k]!;
      if (this.waitCount[i]! > 0 || this.used[i]! + p.amt[k]! > this.cap[i]! + EPS) return false;
    }
    return true;
  }

  private grant(p: { idx: number[]; amt: number[]; needs: Readonly<Record<string, number>> }, owner: string | undefined): LeaseImpl {
    const t = p.idx.length > 0 ? this.now() : 0;
    for (let k = 0; k < p.idx.length; k++) {
      const i = p.idx[k]!;
      this.area[i]! += this.used[i]! * (t - this.lastT[i]!);
      this.lastT[i] = t;
      const u = (this.used[i]! += p.amt[k]!);
      if (u > this.peakUse[i]!) this.peakUse[i] = u;
    }
    if (owner !== undefined) {
      const o = this.ownerState(owner);
      if (o.leases++ === 0 && o.waiting > 0) this.waitingHolders++;
      for (let k = 0; k < p.idx.length; k++) o.held[p.idx[k]!]! += p.amt[k]!;
    }
    this.active++;
    this.grants++;
    return new LeaseImpl(this.nextId++, p.needs, owner, p.idx, p.amt, this.releaseFn);
  }

  private releaseLease(l: LeaseImpl): void {
    const t = l.idx.length > 0 ? this.now() : 0;
    for (let k = 0; k < l.idx.length; k++) {
      const i = l.idx[k]!;
      this.area[i]! += this.used[i]! * (t - this.lastT[i]!);
      this.lastT[i] = t;
      const u = this.used[i]! - l.amt[k]!;
      this.used[i] = u < EPS ? 0 : u;
    }
    if (l.owner !== undefined) {
      const o = this.owners.get(l.owner)!;
      for (let k = 0; k < l.idx.length; k++) o.held[l.idx[k]!]! -= l.amt[k]!;
      if (--o.leases === 0) {
        if (o.waiting > 0) this.waitingHolders--;
        else this.owners.delete(l.owner);
      }
    }
    this.active--;
    if (this.queue.size > 0) this.dispatch();
  }

  private ownerState(owner: string): OwnerState {
    let o = this.owners.get(owner);
    if (!o) {
      o = { held: new Array<number>(this.names.length).fill(0), leases: 0, waiting: 0 };
      this.owners.set(owner, o);
    }
    return o;
  }

  private enqueue(w: Waiter): void {
    this.queue.push(w);
    for (const i of w.idx) this.waitCount[i]!++;
    if (w.owner !== undefined) {
      const o = this.ownerState(w.owner);
      if (o.waiting++ === 0 && o.leases > 0) this.waitingHolders++;
    }
  }

  private unqueue(w: Waiter): void {
    if (w.done) return;
    this.queue.remove(w);
    for (const i of w.idx) this.waitCount[i]!--;
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
    if (w.owner !== undefined) {
      const o = this.owners.get(w.owner)!;
      if (--o.waiting === 0) {
        if (o.leases > 0) this.waitingHolders--;
        else this.owners.delete(w.owner);
      }
    }
  }

  /**
   * Serves waiters in order. A waiter that does not fit reserves what it needs, so later
   * (smaller) waiters cannot take it: a big request is never starved by a stream of small ones.
   */
  private dispatch(): void {
    for (;;) {
      this.serve();
      // Only owners that hold leases and wait can deadlock; rejecting one lifts its reservation.
      if (this.waitingHolders === 0 || !this.rejectDeadlocked()) return;
    }
  }

  private serve(): void {
    if (this.queue.size > 0) {
      const now = this.now();
      const avail = this.cap.map((c, i) => c - this.used[i]!);
      const left = this.waitCount.slice();
      let remaining = this.queue.size;
      const granted: Waiter[] = [];
      this.queue.scan(now, this.agingMs, (w) => {
        remaining--;
        let fits = true;
        for (let k = 0; k < w.idx.length; k++) {
          const i = w.idx[k]!;
          left[i]!--;
          if (avail[i]! + EPS < w.amt[k]!) fits = false;
        }
        for (let k = 0; k < w.idx.length; k++) avail[w.idx[k]!]! -= w.amt[k]!;
        if (fits) granted.push(w);
        if (remaining === 0) return false;
        // Stop once every remaining waiter needs a resource that is exhausted.
        for (let i = 0; i < avail.length; i++) if (avail[i]! <= EPS && left[i] === remaining) return false;
        return true;
      });
      for (const w of granted) {
        this.unqueue(w);
        this.waitedGrants++;
        this.totalWaitMs += now - w.enqueuedAt;
        w.resolve(this.grant(w, w.owner));
      }
    }
  }

  /** Rejects the newest waiter of a deadlock, if there is one. */
  private rejectDeadlocked(): boolean {
    const held = new Map<string, readonly number[]>();
    for (const [name, o] of this.owners) if (o.leases > 0) held.set(name, o.held);
    const dl = findDeadlock({
      free: this.cap.map((c, i) => c - this.used[i]!),
      held,
      waiters: this.queue.list(this.now(), this.agingMs),
    });
    if (!dl) return false;
    this.deadlocks++;
    this.unqueue(dl.victim);
    dl.victim.reject(
      new GrymError('RESOURCE_DEADLOCK', `resource deadlock: ${dl.cycle.join(' → ')}; rejected the newest request of ${dl.victim.owner}`, {
        details: { cycle: dl.cycle, owners: dl.owners, owner: dl.victim.owner, needs: dl.victim.needs },
      }),
    );
    return true;
  }
}
