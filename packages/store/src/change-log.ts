// The change log on disk: one entry per revision, written in the same batch as the objects it
// changed, so after a crash or restart the log and the objects agree. Loading it back into
// History is what lets a watch resume across a restart without missing a change.
import { DEFAULT_HISTORY_WINDOW, History, type Change, type HistoryWindow } from "./history.js";

/** What loading needs of the log's sublevel (logKey -> Change, JSON-encoded). */
export interface LogReader {
  clear(range: { lt: string }): Promise<void>;
  values(range: { gte: string; lte: string }): { all(): Promise<Change[]> };
}

/**
 * Zero-padded so that LevelDB's byte order is revision order (`"9" > "10"`, but
 * `"0000000000000009" < "0000000000000010"`); 16 digits cover every safe integer.
 */
export function logKey(revision: number): string {
  return String(revision).padStart(16, "0");
}

/**
 * Read the last `capacity` changes, up to `revision` (the store's current revision), into a
 * History, and delete older entries (left behind when an earlier run kept a longer history).
 */
export async function loadHistory(log: LogReader, revision: number, capacity: number, window: HistoryWindow = DEFAULT_HISTORY_WINDOW): Promise<History> {
  const firstWanted = Math.max(1, revision - capacity + 1);
  await log.clear({ lt: logKey(firstWanted) });
  const changes = await log.values({ gte: logKey(firstWanted), lte: logKey(revision) }).all();
  // An earlier run may have kept fewer revisions: then history starts where its log does.
  const compacted = (changes[0]?.revision ?? revision + 1) - 1;
  const history = new History(capacity, compacted, window);
  for (const change of changes) history.append(change);
  if (history.latest !== revision) {
    throw new Error(`the change log ends at revision ${history.latest} but the store is at ${revision}`);
  }
  return history;
}

/** The log entry a commit at `revision` makes obsolete (kept `capacity` behind), if any. */
export function expiredLogKey(revision: number, capacity: number): string | undefined {
  const old = revision - capacity;
  return old >= 1 ? logKey(old) : undefined;
}
