// Group commit, the deciding half: the commits that queued while the previous group was on its
// way to disk are planned one after another, each on the state the earlier ones leave, each with
// the next revision. A commit that cannot apply (a stale resourceVersion, a name already taken, a
// malformed op) is refused on its own and takes no revision; the others go on. Pure: level-store.ts
// reads the keys before and writes the plans after, in one batch.
import type { ApiObject } from "@skiff/api";
import { planCommit, type CommitPlan } from "./plan.js";
import type { WriteOp } from "./types.js";

export interface PendingCommit {
  ops: WriteOp[];
  resolve: (results: ApiObject[]) => void;
  reject: (err: unknown) => void;
}

export interface GroupPlan {
  planned: { commit: PendingCommit; plan: CommitPlan }[];
  refused: { commit: PendingCommit; err: unknown }[];
}

/**
 * @param current the stored object for every key the group's ops touch (undefined when absent).
 * @param revision the store's revision before the group; the planned commits take the next ones, in order.
 */
export function planGroup(group: PendingCommit[], current: Map<string, ApiObject | undefined>, revision: number): GroupPlan {
  const state = new Map(current);
  const planned: GroupPlan["planned"] = [];
  const refused: GroupPlan["refused"] = [];
  for (const commit of group) {
    let plan: CommitPlan;
    try {
      plan = planCommit(commit.ops, state, revision + planned.length + 1);
    } catch (err) {
      refused.push({ commit, err });
      continue;
    }
    for (const [key, object] of plan.writes) state.set(key, object);
    planned.push({ commit, plan });
  }
  return { planned, refused };
}
