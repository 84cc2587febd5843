/**
 * Coalesces a fast event stream into one batch per animation frame. A burst of thousands of events
 * per second turns into ~60 store updates per second; nothing is dropped.
 */
export type FrameScheduler = (cb: () => void) => () => void;

export const animationFrames: FrameScheduler = (cb) => {
  if (typeof requestAnimationFrame === 'function') {
    const h = requestAnimationFrame(() => cb());
    return () => cancelAnimationFrame(h);
  }
  const t = setTimeout(cb, 16);
  return () => clearTimeout(t);
};

export interface EventBatcher<T> {
  push: (event: T) => void;
  /** Deliver whatever is pending now (used before reading state synchronously, and on dispose). */
  flush: () => void;
  dispose: () => void;
  readonly stats: { events: number; batches: number; maxBatch: number };
}

export function createEventBatcher<T>(deliver: (batch: T[]) => void, schedule: FrameScheduler = animationFrames): EventBatcher<T> {
  let pending: T[] = [];
  let cancel: (() => void) | null = null;
  let disposed = false;
  const stats = { events: 0, batches: 0, maxBatch: 0 };

  const flush = () => {
    cancel = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    stats.batches++;
    if (batch.length > stats.maxBatch) stats.maxBatch = batch.length;
    deliver(batch);
  };

  return {
    stats,
    push(event) {
      if (disposed) return;
      pending.push(event);
      stats.events++;
      if (cancel === null) cancel = schedule(flush);
    },
    flush() {
      cancel?.();
      flush();
    },
    dispose() {
      if (disposed) return;
      cancel?.();
      flush();
      disposed = true;
    },
  };
}
