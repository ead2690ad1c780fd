// Every refused call is logged, once: the same refusal from the same host (a CLI with a wrong
// token, an agent retrying with a revoked join token) is logged again only after a quiet minute,
// with how many were not logged in between. The peer address is in every line; the token, key or
// certificate never is.
import type { Logger } from "../log.js";

const WINDOW_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export class RefusalLog {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Log that a call from `peer` (HOST:PORT) was refused for `reason`, unless just logged. */
  refused(peer: string, reason: string, fields: Record<string, unknown> = {}): void {
    const key = `${hostOfPeer(peer)}|${reason}`;
    const now = this.clock();
    const last = this.seen.get(key);
    if (last && now - last.at < this.windowMs) {
      last.suppressed += 1;
      return;
    }
    if (this.seen.size >= MAX_REMEMBERED) this.forgetOld(now);
    this.seen.set(key, { at: now, suppressed: 0 });
    const more = last?.suppressed ? { alsoRefusedSinceLastLog: last.suppressed } : {};
    this.log.warn({ peer, reason, ...fields, ...more }, `refused a call from ${peer}: ${reason}`);
  }

  private forgetOld(now: number): void {
    for (const [key, v] of this.seen) if (now - v.at >= this.windowMs) this.seen.delete(key);
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
  }
}

/** `10.0.0.5:41234` -> `10.0.0.5`, `[::1]:41234` -> `::1`: a client's new connections share their host. */
export function hostOfPeer(peer: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(peer);
  if (bracketed) return bracketed[1]!;
  const i = peer.lastIndexOf(":");
  return i > 0 && peer.indexOf(":") === i ? peer.slice(0, i) : peer;
}
