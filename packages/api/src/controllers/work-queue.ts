// A de-duplicating, rate-limited queue of keys (client-go's workqueue, in miniature).
//
//   - A key is queued at most once, however many events name it: the worker reconciles the
//     latest state once, not every intermediate one.
//   - A key is never processed by two workers at once. Added while being processed, it is marked
//     dirty and goes back on the queue when its worker calls done().
//   - addRateLimited() retries a failing key with per-key exponential backoff; forget() resets it.
//   - addAfter() brings a key back later (a rollout waiting for minReadySeconds, say).

import { backoffDelay } from "../waiting.js";

export interface RateLimit {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { baseMs: 100, maxMs: 60_000 };

/** The longest timer addAfter sets: one day (setTimeout's own limit is about 24.8 days). */
export const MAX_DELAY_MS = 24 * 3600 * 1000;

/** What a queue reports as it works (client-go's workqueue metrics): depth, adds, time waiting, retries. */
export interface WorkQueueMetrics {
  depth(n: number): void;
  added(): void;
  /** A worker took a key that waited this many seconds. */
  waited(seconds: number): void;
  retried(): void;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  /** When each queued key was queued (performance.now()), for `waited`. */
  private readonly queuedAt = new Map<string, number>();
  private shuttingDown = false;

  constructor(
    private readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly metrics?: WorkQueueMetrics,
  ) {}

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.metrics?.added();
    const waiter = this.waiters.shift();
    if (waiter) {
      this.processing.add(key);
      this.metrics?.waited(0);
      waiter(key);
      return;
    }
    this.queued.add(key);
    this.queue.push(key);
    this.queuedAt.set(key, performance.now());
    this.metrics?.depth(this.queue.length);
  }

  /**
   * Add `key` after `ms`; an earlier pending addAfter for it wins (the sooner, the better). A wait
   * longer than MAX_DELAY_MS (a yearly CronJob, a TTL of months) wakes after MAX_DELAY_MS: the
   * reconcile then asks again for what is left. Node fires a longer setTimeout at once.
   */
  addAfter(key: string, requestedMs: number): void {
    if (this.shuttingDown) return;
    if (requestedMs <= 0) return this.add(key);
    const ms = Math.min(requestedMs, MAX_DELAY_MS);
    const at = Date.now() + ms;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    this.timers.set(key, { timer, at });
  }

  /** Retry `key` after its next backoff step: base, 2x base, 4x base... up to max. */
  addRateLimited(key: string): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    this.metrics?.retried();
    const delay = backoffDelay(n, { initialMs: this.limit.baseMs, maxMs: this.limit.maxMs });
    this.addAfter(key, delay);
    return delay;
  }

  /** Drop a pending addAfter for `key` (its timer with it). */
  cancelAfter(key: string): void {
    clearTimeout(this.timers.get(key)?.timer);
    this.timers.delete(key);
  }

  /** The key succeeded: its next failure starts from the base delay again. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Next key to process (waits for one); undefined once the queue shuts down. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) {
      this.queued.delete(key);
      this.processing.add(key);
      this.metrics?.depth(this.queue.length);
      this.metrics?.waited((performance.now() - (this.queuedAt.get(key) ?? performance.now())) / 1000);
      this.queuedAt.delete(key);
      return Promise.resolve(key);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The worker is finished with `key`; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  get length(): number {
    return this.queue.length;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
