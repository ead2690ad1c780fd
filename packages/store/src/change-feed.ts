// The live end of the store: committed changes go in, watches read them out in revision order.
//
// A watch is a cursor over History, not a queue. It replays what History holds after its
// starting revision, then sleeps until the next commit and reads on. Because the cursor only
// ever asks for "the change at cursor + 1", there is no gap and no duplicate however writes race
// the start of a watch, and a slow watcher uses no memory: if it falls so far behind that
// History has forgotten its next change, it ends with ExpiredError and must re-list.
import { ExpiredError, ValidationError, deepFreeze } from "@skiff/api";
import type { Change, History } from "./history.js";
import type { WatchEvent, WatchOptions } from "./types.js";
import { eventFor } from "./watch-filter.js";

export class ChangeFeed {
  private closed = false;
  private sleepers = new Set<() => void>();

  constructor(readonly history: History) {}

  /**
   * Record a committed change and wake every waiting watch. Call in revision order. The change's
   * objects are frozen here, once: every watcher gets the same objects, none gets a copy.
   */
  publish(change: Change): void {
    deepFreeze(change);
    this.history.append(change);
    this.wakeAll();
  }

  /** End every watch (each finishes its current next() with done). */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    const { fromRevision } = options;
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new ValidationError([{ path: "fromRevision", message: `must be a whole number >= 0, got ${fromRevision}` }]);
    }
    return { [Symbol.asyncIterator]: () => this.follow(options) };
  }

  private async *follow(options: WatchOptions): AsyncGenerator<WatchEvent> {
    const { signal } = options;
    const ended = () => this.closed || signal?.aborted === true;
    let cursor = options.fromRevision; // every change up to here is delivered (or not wanted)
    while (!ended()) {
      if (cursor < this.history.compacted) throw expired(cursor, this.history.compacted);
      const change = this.history.at(cursor + 1);
      if (!change) {
        await this.nextCommit(signal);
        continue;
      }
      cursor = change.revision;
      const events = change.events.flatMap((stored) => eventFor(stored, change.revision, options) ?? []);
      events.forEach((event, i) => (event.lastOfRevision = i === events.length - 1));
      for (const event of events) {
        if (ended()) return;
        // Asked now, not when the change was read: the watcher may have changed its mind while
        // it handled the event before (a node whose new pod uses a ConfigMap wants that ConfigMap).
        if (options.filter && !options.filter(event.object)) continue;
        yield event;
      }
    }
  }

  /** Resolves at the next publish, at close, or when `signal` aborts, whichever comes first. */
  private nextCommit(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleepers.delete(wake);
        signal?.removeEventListener("abort", wake);
        resolve();
      };
      this.sleepers.add(wake);
      signal?.addEventListener("abort", wake, { once: true });
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}

function expired(revision: number, compacted: number): ExpiredError {
  return new ExpiredError(
    `revision ${revision} is too old; the oldest kept is ${compacted + 1}: re-list and watch again`,
  );
}
