// When a pod's token is asked for again: as the kubelet's token manager, at 80% of its life (or
// when more than 24 h old), so that a pod never holds an expired token while the server answers.
export const ROTATE_AT_FRACTION = 0.8;
const MAX_AGE_MS = 24 * 3600_000;
/** A token fetch that failed is tried again after this long (and never later than the expiry). */
export const RETRY_MS = 5_000;

/** Milliseconds since the epoch at which a token got at `fetchedAtMs`, expiring at `expiresAtMs`, should be replaced. */
export function refreshAt(fetchedAtMs: number, expiresAtMs: number): number {
  const life = Math.max(0, expiresAtMs - fetchedAtMs);
  return fetchedAtMs + Math.min(life * ROTATE_AT_FRACTION, MAX_AGE_MS);
}

/** How long to wait before the next fetch: until refreshAt, or RETRY_MS after a failure. */
export function nextFetchDelay(nowMs: number, token: { fetchedAtMs: number; expiresAtMs: number } | undefined, failed: boolean): number {
  if (failed || !token) return RETRY_MS;
  return Math.max(0, refreshAt(token.fetchedAtMs, token.expiresAtMs) - nowMs);
}
