// client-go's retry.RetryOnConflict: run a read-modify-write again when someone else wrote
// the object in between (a ConflictError), with a short backoff. Any other error ends it.
import { ConflictError, backoffDelay, sleep } from "@skiff/api";

export interface Backoff {
  steps: number;
  /** Milliseconds before the first retry. */
  durationMs: number;
  factor: number;
  /** Fraction of random extra delay, so competing writers do not retry in lockstep. */
  jitter: number;
}

/** client-go's retry.DefaultRetry: 5 steps from 10 ms, x1, 10% jitter. */
export const DEFAULT_RETRY: Backoff = { steps: 5, durationMs: 10, factor: 1, jitter: 0.1 };

export async function retryOnConflict<R>(fn: () => Promise<R>, backoff: Backoff = DEFAULT_RETRY): Promise<R> {
  // client-go adds up to `jitter` x the delay; @skiff/api's backoffDelay draws below a cap: the
  // same range, [duration, duration x (1 + jitter)], said the other way round.
  const cap = backoff.durationMs * (1 + backoff.jitter);
  const policy = { initialMs: cap, maxMs: Infinity, factor: backoff.factor, jitter: backoff.jitter / (1 + backoff.jitter) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= backoff.steps) throw err;
    }
    await sleep(backoffDelay(attempt, policy));
  }
}
