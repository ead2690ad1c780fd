// The decisions of leader election, as plain functions of the clock: who leads, when to renew,
// when to give up. elector.ts does the calls around them.
//
// The one rule that keeps two leaders from acting at once: etcd expires our lease TTL after it
// RECEIVED our last keepalive, which is after we SENT it. So counting from when we sent the last
// keepalive that succeeded, the lease lives at least `ttlMs`; we stop our leader-only components
// at `renewDeadlineMs` (< ttlMs) from then, whatever our calls are doing. The margin covers the
// time it takes to stop them. (A process frozen longer than the margin, a stopped VM, is the case
// this cannot cover: see README.md on fencing.)

export interface ElectionTiming {
  /** The etcd lease's TTL: a crashed leader is replaced this long after its last renewal. */
  ttlMs: number;
  /** How often the leader renews its lease. */
  renewIntervalMs: number;
  /** A leader whose last successful renewal was sent this long ago stops leading (< ttlMs). */
  renewDeadlineMs: number;
  /** How often a follower tries to take the lead (it only reads while someone leads). */
  retryIntervalMs: number;
}

export const DEFAULT_ELECTION_TIMING: ElectionTiming = { ttlMs: 5_000, renewIntervalMs: 1_000, renewDeadlineMs: 3_500, retryIntervalMs: 500 };

/** Why a timing cannot work, or undefined. Same rule as client-go: ttl > renewDeadline > renewInterval. */
export function timingProblem(t: ElectionTiming): string | undefined {
  if (!(t.ttlMs > t.renewDeadlineMs)) return `the renew deadline (${t.renewDeadlineMs} ms) must be shorter than the lease TTL (${t.ttlMs} ms)`;
  if (!(t.renewDeadlineMs > t.renewIntervalMs)) return `the renew interval (${t.renewIntervalMs} ms) must be shorter than the renew deadline (${t.renewDeadlineMs} ms)`;
  if (!(t.retryIntervalMs > 0)) return "the retry interval must be positive";
  return undefined;
}

export type Role =
  | { leading: false }
  /** `renewedFrom`: when the last successful grant or keepalive was sent. */
  | { leading: true; since: number; renewedFrom: number };

export const FOLLOWER: Role = { leading: false };

/** After a campaign sent at `sentAt`: leading (the lease was granted no earlier than sentAt) or not. */
export function afterCampaign(won: boolean, sentAt: number): Role {
  return won ? { leading: true, since: sentAt, renewedFrom: sentAt } : FOLLOWER;
}

/**
 * After a keepalive sent at `sentAt`: `true` renewed, `false` the lease is gone (we no longer hold
 * the key), `undefined` no answer (etcd unreachable, a timeout): keep the old renewal time and let
 * the deadline decide. An answer to an older keepalive never moves renewedFrom back.
 */
export function afterRenew(role: Role, renewed: boolean | undefined, sentAt: number): Role {
  if (!role.leading) return role;
  if (renewed === false) return FOLLOWER;
  if (renewed === undefined) return role;
  return { ...role, renewedFrom: Math.max(role.renewedFrom, sentAt) };
}

/** When a leader must have stopped its components (ms since epoch). */
export function stepDownAt(role: Role, t: ElectionTiming): number | undefined {
  return role.leading ? role.renewedFrom + t.renewDeadlineMs : undefined;
}

export function mustStepDown(role: Role, now: number, t: ElectionTiming): boolean {
  const at = stepDownAt(role, t);
  return at !== undefined && now >= at;
}

/**
 * How long to wait before the next call: a leader renews every interval, a follower retries every
 * retry interval. A keepalive may wait for its answer until the step-down deadline, no longer.
 */
export function nextCallInMs(role: Role, t: ElectionTiming): number {
  return role.leading ? t.renewIntervalMs : t.retryIntervalMs;
}

/** The most a call may take: until the deadline for a leader (at least 100 ms), a retry interval otherwise. */
export function callTimeoutMs(role: Role, now: number, t: ElectionTiming): number {
  const at = stepDownAt(role, t);
  return at === undefined ? Math.max(t.retryIntervalMs, 1_000) : Math.max(at - now, 100);
}
