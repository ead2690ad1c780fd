// A controller's worker: take a key, reconcile it, and decide when it comes back. The one loop
// every controller runs, in the server and in an operator's own process:
//
//   key -> before() (the caches show our own writes) -> reconcile(key)
//     ok                 -> forget the key's failures; drop any later look asked for before
//                           (this run saw the latest state); { requeueAfterMs }: look again then
//     TerminalError      -> log it, do not retry
//     any other error    -> retry with per-key backoff
import { TerminalError, type ReconcileResult } from "./definition.js";
import type { WorkQueue } from "./work-queue.js";

/** What a worker says as it goes (a pino logger fits). */
export interface WorkerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerHooks {
  log: WorkerLog;
  /** Runs before each reconcile (wait until the caches show this controller's writes). */
  before?: () => Promise<void>;
  /** Each reconcile's duration, failed or not. */
  reconciled?: (seconds: number) => void;
}

/** Work keys off `queue` until it shuts down or `signal` aborts. */
export async function runWorker(
  queue: WorkQueue,
  reconcile: (key: string) => Promise<ReconcileResult | void>,
  signal: AbortSignal,
  hooks: WorkerHooks,
): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await hooks.before?.();
      if (signal.aborted) return;
      const started = performance.now();
      const result = await reconcile(key).finally(() => hooks.reconciled?.((performance.now() - started) / 1000));
      queue.forget(key);
      // Level-triggered: this reconcile saw the latest state, so its answer replaces any later
      // look asked for before (a deleted object's progress deadline no longer holds a timer).
      queue.cancelAfter(key);
      if (result?.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      if (err instanceof TerminalError) {
        hooks.log.error({ key, err: err.message }, "reconcile failed for good; not retrying");
      } else {
        const delay = queue.addRateLimited(key);
        hooks.log.warn({ key, err: (err as Error).message, retryInMs: delay }, "reconcile failed; retrying");
      }
    } finally {
      queue.done(key);
    }
  }
}
