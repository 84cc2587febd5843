/**
 * Resilience policies from cockatiel: per-attempt timeout, retries of retryable errors with
 * exponential backoff and jitter, and one circuit breaker per resource key, shared by every run.
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { GrymError, isCancellation } from '../../../shared/errors.ts';

export interface AttemptPolicyInput {
  nodeId: string;
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number | undefined;
  breakerKey: string | undefined;
  /** The run's signal: once it is aborted, nothing is retried. */
  runSignal: AbortSignal;
  onRetry(attempt: number, delayMs: number, error: unknown): void;
}

const isRetryable = (err: unknown): boolean => err instanceof GrymError && err.retryable && !isCancellation(err);

export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(private readonly opts: { threshold: number; halfOpenAfterMs: number } = { threshold: 5, halfOpenAfterMs: 10_000 }) {}

  get(key: string): CircuitBreakerPolicy {
    let b = this.breakers.get(key);
    if (!b) {
      b = circuitBreaker(handleWhen(isRetryable), { halfOpenAfter: this.opts.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.opts.threshold) });
      this.breakers.set(key, b);
    }
    return b;
  }

  states(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, b] of this.breakers) out[k] = String(b.state);
    return out;
  }
}

/**
 * Builds the policy stack for one node. Returns undefined when no policy applies (no retries,
 * timeout or breaker), so the common case runs without any policy overhead.
 */
export function attemptPolicy(input: AttemptPolicyInput, breakers: BreakerRegistry): IPolicy<any> | undefined {
  const layers: IPolicy<any>[] = [];
  if (input.retries > 0) {
    // A per-attempt timeout surfaces as cockatiel's TaskCancelledError: retry it unless the run itself was cancelled.
    const retryable = (err: unknown) => !input.runSignal.aborted && (isRetryable(err) || err instanceof TaskCancelledError);
    const r = retry(handleWhen(retryable), {
      maxAttempts: input.retries,
      backoff: new ExponentialBackoff({ initialDelay: input.initialDelayMs, maxDelay: input.maxDelayMs }),
    });
    r.onRetry((ev) => input.onRetry(ev.attempt, ev.delay, 'error' in ev ? ev.error : undefined));
    layers.push(r);
  }
  if (input.breakerKey !== undefined) layers.push(breakers.get(input.breakerKey));
  if (input.timeoutMs !== undefined) layers.push(timeout(input.timeoutMs, TimeoutStrategy.Aggressive));
  if (layers.length === 0) return undefined;
  return layers.length === 1 ? layers[0] : wrap(...layers);
}

/** Maps cockatiel's own errors to coded grym errors. */
export function mapPolicyError(err: unknown, nodeId: string, timeoutMs: number | undefined, runAborted: boolean): unknown {
  if (err instanceof TaskCancelledError) {
    if (runAborted) return err;
    return new GrymError('NODE_TIMEOUT', `node "${nodeId}" timed out after ${timeoutMs} ms`, { nodeId, retryable: true });
  }
  if (err instanceof BrokenCircuitError) {
    return new GrymError('CIRCUIT_OPEN', `node "${nodeId}": circuit breaker is open after repeated failures; it half-opens later`, { nodeId });
  }
  return err;
}
