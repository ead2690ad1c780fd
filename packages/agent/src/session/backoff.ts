// Reconnect delays: exponential with jitter, so that agents that lost the same server do not all
// knock again at the same instant when it comes back. The arithmetic (and `sleep`) is @skiff/api's
// waiting.ts, shared by every package; this is the agent's policy.
import type { BackoffPolicy } from "@skiff/api";

/** 250 ms doubling to 10 s, each delay drawn from [cap/2, cap]. */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, jitter: 0.5 };

/**
 * Once a server has told the agent its heartbeat period, the agent knocks at least that often:
 * the server counts a node lost after a few silent periods, and a restarted server must hear
 * from its agents well within that, not after a 10 s backoff sleep (as the kubelet retries its
 * status at its update frequency, well inside the node grace period).
 */
export function reconnectPolicy(heartbeatPeriodMs: number | undefined): BackoffPolicy {
  if (!heartbeatPeriodMs || heartbeatPeriodMs <= 0) return RECONNECT_BACKOFF;
  return { ...RECONNECT_BACKOFF, maxMs: Math.max(RECONNECT_BACKOFF.initialMs, Math.min(RECONNECT_BACKOFF.maxMs, heartbeatPeriodMs)) };
}
