/**
 * Health of each model, as the Models panel and `grym models list` show it:
 * `missing | installing | loading | ready | processing | error`, plus install progress and the
 * state of its circuit breaker. Listeners get every change; `on()` returns its unsubscribe function.
 */
import type { SerializedError } from '../../../shared/errors.ts';

export const ModelHealthStates = ['missing', 'installing', 'loading', 'ready', 'processing', 'error'] as const;
export type ModelHealthState = (typeof ModelHealthStates)[number];

/** Mirrors cockatiel's CircuitState as text: closed (normal), open (failing fast), half-open (probing), isolated. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface ModelHealth {
  id: string;
  state: ModelHealthState;
  /** Whether the model's files are on disk (independent of whether a session is loaded). */
  installed: boolean;
  breaker: BreakerState;
  provider?: string;
  progress?: { bytes: number; total: number | null; etaS: number | null };
  error?: SerializedError;
}

export type HealthListener = (h: ModelHealth) => void;

export class HealthBoard {
  private readonly entries = new Map<string, ModelHealth>();
  private readonly listeners = new Set<HealthListener>();

  get(id: string): ModelHealth | undefined {
    const h = this.entries.get(id);
    return h ? { ...h } : undefined;
  }

  all(): ModelHealth[] {
    return [...this.entries.values()].map((h) => ({ ...h }));
  }

  /** Sets fields of a model's health and notifies listeners. `undefined` fields are removed. */
  update(id: string, patch: Partial<Omit<ModelHealth, 'id'>>): ModelHealth {
    const prev = this.entries.get(id) ?? { id, state: 'missing' as const, installed: false, breaker: 'closed' as const };
    const next: ModelHealth = { ...prev, ...patch, id };
    for (const k of Object.keys(patch) as (keyof ModelHealth)[]) if (patch[k as keyof typeof patch] === undefined) delete next[k];
    this.entries.set(id, next);
    for (const l of this.listeners) l({ ...next });
    return next;
  }

  on(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clearListeners(): void {
    this.listeners.clear();
  }
}
