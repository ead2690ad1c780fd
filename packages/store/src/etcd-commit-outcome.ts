// Was a commit made, when the answer to its transaction was lost (the member timed out)? What
// the touched keys hold now can prove it either way, or leave it open; only a proof is claimed.
//
// The transaction compares every touched key with what was read before it ("still as I read it"),
// so once any key has moved on, it can never apply later; and all its writes share one revision.
import type { IKeyValue } from "etcd3";

/** Key -> the stored key-value (undefined when absent). */
export type KeyStates = Map<string, IKeyValue | undefined>;

export type CommitOutcome =
  | { made: true; revision: number }
  /** Not made, and never will be: a key it compares has moved on, by a write that is not ours. */
  | { made: false }
  /** Nothing proves either: the caller must say the write may or may not have been made. */
  | undefined;

/**
 * @param before what was read before the commit (every touched key)
 * @param writes the commit's writes: the new value of a key, or undefined for a delete
 * @param now what the touched keys hold now (one consistent read)
 */
export function commitOutcome(before: KeyStates, writes: Map<string, Buffer | undefined>, now: KeyStates): CommitOutcome {
  const revision = madeAt(before, writes, now);
  if (revision !== undefined) return { made: true, revision };
  for (const [key, seen] of before) {
    const current = now.get(key);
    // Same incarnation of the key (never deleted since), moved on since we read it.
    if (!seen || !current || current.create_revision !== seen.create_revision || current.mod_revision === seen.mod_revision) continue;
    if (!writes.has(key)) continue;
    const wanted = writes.get(key);
    // We would have deleted it: it is still the same key, so our commit did not apply.
    if (wanted === undefined) return { made: false };
    // Exactly one write since our read, and it is not ours.
    if (Number(current.version) === Number(seen.version) + 1 && !current.value.equals(wanted)) return { made: false };
  }
  return undefined;
}

/** The revision at which the keys hold exactly our writes (all puts at one revision), if they do. */
function madeAt(before: KeyStates, writes: Map<string, Buffer | undefined>, now: KeyStates): number | undefined {
  let revision: number | undefined;
  for (const [key, value] of writes) {
    const current = now.get(key);
    if (value === undefined) {
      if (current) return undefined;
      continue;
    }
    if (!current || !current.value.equals(value)) return undefined;
    const seen = before.get(key);
    if (seen && current.mod_revision === seen.mod_revision) return undefined;
    const at = Number(current.mod_revision);
    if (revision !== undefined && at !== revision) return undefined;
    revision = at;
  }
  // A commit of deletes only leaves no revision to read back.
  return revision;
}
