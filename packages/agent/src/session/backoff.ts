// Reconnect delays: exponential with jitter, so that agents that lost the same server do not all
// knock again at the same instant when it comes back. The arithmetic (and `sleep`) is @skiff/api's
// waiting.ts, shared by every package; this is the agent's policy.
import { backoffDelay, type BackoffPolicy } from "@skiff/api/core";

/** 250 ms doubling to 10 s, each delay drawn from [cap/2, cap]. */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, jitter: 0.5 };

/**
 * Once a server has told the agent its heartbeat period, the agent knocks four times a period:
 * the server counts a node lost after a few silent periods, so a restarted server must hear from
 * its agents well within that, not after a 10 s backoff sleep; and a node cut off and healed must
 * be back, and its stale copies stopped, within about one period (the kubelet likewise retries its
 * status at its update frequency, well inside the node grace period). A failed attempt is one
 * refused connection, and the jitter spreads them: cheap for the server.
 */
export function reconnectPolicy(heartbeatPeriodMs: number | undefined): BackoffPolicy {
  if (!heartbeatPeriodMs || heartbeatPeriodMs <= 0) return RECONNECT_BACKOFF;
  const cap = Math.min(RECONNECT_BACKOFF.maxMs, heartbeatPeriodMs / 4);
  return { ...RECONNECT_BACKOFF, initialMs: Math.min(RECONNECT_BACKOFF.initialMs, cap), maxMs: cap };
}

/**
 * How long to wait before the next registration. The first try at each other server goes at once
 * (the agent must be back within 5 s of its server's death, and a refused connection costs
 * nothing); once every server has been tried, the back-off above spaces the attempts.
 */
export function reconnectDelay(o: { failures: number; switchedServer: boolean; servers: number; heartbeatPeriodMs?: number }): number {
  if (o.switchedServer && o.failures <= o.servers) return 0;
  return backoffDelay(o.failures, reconnectPolicy(o.heartbeatPeriodMs));
}
