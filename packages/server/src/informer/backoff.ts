// Retrying a failing loop without hammering what failed: wait 100 ms, 200 ms, 400 ms, ... up to a
// ceiling, with jitter so that many informers that failed together do not retry together.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** 0..1: each delay is drawn from [delay * (1 - jitter), delay]. */
  jitter?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 5_000;
    this.jitter = options.jitter ?? 0.2;
  }

  /** The delay before the next retry; each call doubles the following one, up to maxMs. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30); // 2**30 is past any sensible ceiling
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  /** After a success, the next failure starts again from initialMs. */
  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
