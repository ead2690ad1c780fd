// Waiting, the one way the whole codebase does it: `sleep` for a pause that an AbortSignal cuts
// short, `backoffDelay` / `Backoff` for how long to wait before retrying something that failed.
// Time is the only effect here (a timer); nothing else is touched.
//
// A listener added to a long-lived signal must be removed when the wait ends, or every wait
// leaves one behind (a loop that sleeps once a minute would leak 1,440 a day): sleep() and
// whenAborted() remove theirs.

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Resolves when `signal` aborts (at once if it has). For a component's "run until stopped". */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/**
 * Exponential backoff: the delay before retry `attempt` (1-based) is `initialMs x factor^(attempt-1)`,
 * capped at `maxMs`, then drawn from [cap x (1 - jitter), cap] so that many clients that failed
 * together do not retry together (jitter 0: exactly the cap; 1: anywhere from 0 to the cap).
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** 0..1 (default 0). */
  jitter?: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const { initialMs, maxMs, factor = 2, jitter = 0 } = policy;
  // Past about 2^30 any sensible cap is reached: clamp the exponent rather than compute Infinity * 0.
  const cap = Math.min(maxMs, initialMs * factor ** Math.min(Math.max(0, attempt - 1), 30));
  return Math.round(cap * (1 - jitter * random()));
}

/** A backoff that counts its own attempts: next() after each failure, reset() after a success. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next retry; each call lengthens the following one, up to maxMs. */
  next(): number {
    this.attempt = Math.min(this.attempt + 1, 31);
    return backoffDelay(this.attempt, this.policy, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}
