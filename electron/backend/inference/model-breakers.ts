/**
 * One cockatiel circuit breaker per model: consecutive load or inference failures open it (runs
 * then fail fast with CIRCUIT_OPEN), and after `halfOpenAfterMs` the next run probes it. Its state is
 * mirrored onto the health board. Cancellations and MODEL_MISSING never count as failures.
 */
import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { GrymError, isCancellation } from '../../../shared/errors.ts';
import type { BreakerState, HealthBoard } from './health.ts';

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export class ModelBreakers {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly subs: { dispose(): void }[] = [];

  constructor(private readonly opts: { threshold?: number; halfOpenAfterMs?: number; health?: HealthBoard } = {}) {}

  state(modelId: string): BreakerState {
    const b = this.breakers.get(modelId);
    return b ? STATE_NAMES[b.state] : 'closed';
  }

  async execute<T>(modelId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.breakerFor(modelId).execute(fn);
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new GrymError('CIRCUIT_OPEN', `model ${modelId} failed repeatedly; its circuit breaker is open and will be retried after a cool-down`, { retryable: true, details: { modelId } });
      }
      throw err;
    }
  }

  private breakerFor(id: string): CircuitBreakerPolicy {
    let b = this.breakers.get(id);
    if (!b) {
      b = circuitBreaker(handleWhen((err) => !isCancellation(err) && !(err instanceof GrymError && err.code === 'MODEL_MISSING')), {
        halfOpenAfter: this.opts.halfOpenAfterMs ?? 30_000,
        breaker: new ConsecutiveBreaker(this.opts.threshold ?? 3),
      });
      this.subs.push(b.onStateChange((s) => this.opts.health?.update(id, { breaker: STATE_NAMES[s] })));
      this.breakers.set(id, b);
    }
    return b;
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
    this.breakers.clear();
  }
}
