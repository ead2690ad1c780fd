// Reconnect delays: exponential with full jitter, so that agents that lost the same server do
// not all knock again at the same instant when it comes back.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

/** Delay before attempt `attempt` (1-based), drawn in [cap/2, cap] with `random` in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

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
