// The live end of the store: committed changes go in, watches read them out in revision order.
//
// A watch is a cursor over History, not a queue. It replays what History holds after its
// starting revision, then sleeps until the next commit and reads on. Because the cursor only
// ever asks for "the change at cursor + 1", there is no gap and no duplicate however writes race
// the start of a watch, and a slow watcher uses no memory: if it falls so far behind that
// History has forgotten its next change, it ends with ExpiredError and must re-list.
//
// A commit wakes only the sleeping watches it has an event for (kind, namespace, selector and
// filter); the others are moved past it where they sleep, exactly as they would have skipped it
// themselves. With a thousand nodes' Assignments streams asleep, a pod's commit resumes one.
import { ExpiredError, ValidationError, deepFreeze } from "@skiff/api";
import type { Change, History } from "./history.js";
import type { WatchEvent, WatchOptions } from "./types.js";
import { eventFor } from "./watch-filter.js";

/** A watch waiting for the next commit: where its cursor is, and how to wake it. */
interface Sleeper {
  place: { cursor: number };
  options: WatchOptions;
  wake: () => void;
}

export class ChangeFeed {
  private closed = false;
  private sleepers = new Set<Sleeper>();
  /** How many times a sleeping watch was woken by a commit (not by close or abort): for tests. */
  wakeups = 0;

  constructor(readonly history: History) {}

  /**
   * Record a committed change and wake the waiting watches it concerns. Call in revision order. The change's
   * objects are frozen here, once: every watcher gets the same objects, none gets a copy.
   */
  publish(change: Change): void {
    deepFreeze(change);
    this.history.append(change);
    for (const sleeper of this.sleepers) {
      // Asleep means it has read up to the change before this one (the cursor check keeps a
      // watch that starts in the future from moving backwards).
      const passedOver = sleeper.place.cursor === change.revision - 1 && !concerns(change, sleeper.options);
      if (passedOver) sleeper.place.cursor = change.revision;
      else {
        this.wakeups += 1;
        sleeper.wake();
      }
    }
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
    // Every change up to the cursor is delivered (or not wanted). publish() moves it too, while
    // the watch sleeps, past changes of no kind or namespace it watches.
    const place = { cursor: options.fromRevision };
    while (!ended()) {
      if (place.cursor < this.history.compacted) throw expired(place.cursor, this.history.compacted);
      const change = this.history.at(place.cursor + 1);
      if (!change) {
        await this.nextCommit(place, options);
        continue;
      }
      place.cursor = change.revision;
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

  /** Resolves at the next publish that concerns the watch, at close, or when its signal aborts, whichever comes first. */
  private nextCommit(place: Sleeper["place"], options: WatchOptions): Promise<void> {
    const { signal } = options;
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        place,
        options,
        wake: () => {
          this.sleepers.delete(sleeper);
          signal?.removeEventListener("abort", sleeper.wake);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal?.addEventListener("abort", sleeper.wake, { once: true });
    });
  }

  private wakeAll(): void {
    for (const sleeper of [...this.sleepers]) sleeper.wake();
  }
}

/**
 * Whether a sleeping watch would deliver anything of this change. Its `filter` may be asked
 * here: asleep, it has handled every event before this one, as the filter's contract wants.
 * A filter that throws wakes it, to throw in its own loop rather than in the commit's.
 */
function concerns(change: Change, options: WatchOptions): boolean {
  try {
    return change.events.some((e) => eventFor(e, change.revision, options) !== undefined && (!options.filter || options.filter(e.object)));
  } catch {
    return true;
  }
}

function expired(revision: number, compacted: number): ExpiredError {
  return new ExpiredError(
    `revision ${revision} is too old; the oldest kept is ${compacted + 1}: re-list and watch again`,
  );
}
