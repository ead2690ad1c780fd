// The recent past, in memory: one Change per committed revision, oldest first, at most
// `capacity` of them. Watches replay from here and then keep reading from here as new
// changes arrive, so a slow watcher costs no memory of its own: it only holds a cursor.
import type { ApiObject } from "@skiff/api";
import type { WatchEventType } from "./types.js";

/** One object written by a commit, as the change log stores it. */
export interface StoredEvent {
  type: WatchEventType;
  /** The object as stored; for DELETED, the last state with the deleting resourceVersion. */
  object: ApiObject;
  /** For MODIFIED: the labels before the write, so a selector can tell "left" from "stayed". */
  prevLabels?: Record<string, string>;
  /** For a MODIFIED Pod whose spec.nodeName changed: the node before, so that node's watch hears it left. */
  prevNodeName?: string;
}

/** Everything one commit did: every event shares the commit's revision. */
export interface Change {
  revision: number;
  events: StoredEvent[];
}

/**
 * How long changes are kept beyond `minKeep` of them: Kubernetes' watch cache aims at 75 s of
 * history. Under steady churn memory then holds about a window's worth of changes, not `capacity`
 * of them (at 20 writes a second, 10,000 revisions is eight minutes of full objects).
 */
export interface HistoryWindow {
  ms: number;
  /** Never fewer than this many changes are dropped for age alone. */
  minKeep: number;
  now?: () => number;
}

export const DEFAULT_HISTORY_WINDOW: HistoryWindow = { ms: 75_000, minKeep: 1_000 };

export class History {
  /** Forgotten slots (before `head`) are emptied at once, so memory holds only the changes kept. */
  private entries: (Change | undefined)[] = [];
  /** When each entry was appended (same indexes as `entries`). */
  private times: number[] = [];
  /** Index in `entries` of the oldest change still kept; the ones before it are garbage. */
  private head = 0;
  private compactedRevision: number;
  private readonly now: () => number;

  /**
   * @param capacity how many revisions to keep at most.
   * @param compacted the newest revision whose change is NOT in this history (0 if none lost).
   * @param window changes older than this are forgotten too (beyond `window.minKeep` of them).
   */
  constructor(
    readonly capacity: number,
    compacted: number,
    private readonly window: HistoryWindow = DEFAULT_HISTORY_WINDOW,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`history size must be a positive integer, got ${capacity}`);
    }
    this.compactedRevision = compacted;
    this.now = window.now ?? Date.now;
  }

  /** A watch can start from this revision or later; from earlier, changes are lost. */
  get compacted(): number {
    return this.compactedRevision;
  }

  /** The revision of the newest change kept (equal to `compacted` when empty). */
  get latest(): number {
    return this.compactedRevision + this.entries.length - this.head;
  }

  /** How many changes are kept now. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /** Add the next revision's change, forgetting the oldest beyond `capacity` or the window. */
  append(change: Change): void {
    // Revisions are contiguous, which is what lets `at` find a change by arithmetic alone.
    if (change.revision !== this.latest + 1) {
      throw new Error(`history expected revision ${this.latest + 1}, got ${change.revision}`);
    }
    const now = this.now();
    this.entries.push(change);
    this.times.push(now);
    const oldest = now - this.window.ms;
    while (this.size > this.capacity || (this.size > this.window.minKeep && (this.times[this.head] ?? now) < oldest)) {
      this.entries[this.head] = undefined;
      this.head++;
      this.compactedRevision++;
    }
    // Drop the forgotten prefix now and then, rather than shifting the arrays on every append.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** The change committed at `revision`, or undefined if it is forgotten or not yet committed. */
  at(revision: number): Change | undefined {
    if (revision <= this.compactedRevision || revision > this.latest) return undefined;
    return this.entries[this.head + (revision - this.compactedRevision - 1)];
  }
}
