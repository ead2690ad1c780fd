// Old events go away: an Event last seen more than `ttlMs` ago is deleted (Kubernetes keeps
// them one hour by default, and so does skiff).
import { NotFoundError, refOf, sleep, type Event } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";

export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

export function expiredEvents(events: Event[], now: number, ttlMs: number): Event[] {
  return events.filter((e) => {
    const last = Date.parse(e.lastTimestamp ?? e.metadata.creationTimestamp ?? "");
    return Number.isFinite(last) && now - last > ttlMs;
  });
}

export class EventExpiry {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly ttlMs = DEFAULT_EVENT_TTL_MS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    const every = Math.min(60_000, Math.max(1_000, this.ttlMs / 10));
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, "event expiry pass failed");
      }
      await sleep(every, signal); // removes its abort listener: one sweep a minute leaks nothing
    }
  }

  async sweep(): Promise<number> {
    const { items } = await this.store.list("Event");
    const old = expiredEvents(items as Event[], this.now().getTime(), this.ttlMs);
    for (const e of old) {
      await this.store.delete(refOf(e)).catch((err: unknown) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
    }
    return old.length;
  }
}
