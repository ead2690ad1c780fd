// A DaemonSet's status, counted exactly as Kubernetes' updateDaemonSetStatus counts it. Pure.
//
//   desiredNumberScheduled   nodes that should run the pod (eligibility.ts: shouldRun)
//   currentNumberScheduled   ... and have at least one daemon pod
//   numberMisscheduled       nodes that should not run it and have one
//   numberReady              desired nodes whose OLDEST daemon pod is Ready
//   numberAvailable          ... Ready for minReadySeconds
//   updatedNumberScheduled   desired nodes whose oldest daemon pod has the current template
//   numberUnavailable        desiredNumberScheduled - numberAvailable
//
// The oldest pod is the one that counts: during a surge the old pod keeps the node counted
// as ready until it is deleted.
import type { DaemonSet, DaemonSetStatus, Node, Pod } from "@skiff/api";
import { isRunningAndReady, msUntilAvailable } from "../statefulset/health.js";
import type { Eligibility } from "./eligibility.js";
import { isTerminating, oldestFirst } from "./node-pods.js";
import { isUpdated } from "./revision.js";

export interface NodeView {
  node: Node;
  eligibility: Eligibility;
  pods: Pod[];
}

export function countStatus(ds: DaemonSet, nodes: readonly NodeView[], hash: string, now: Date): DaemonSetStatus {
  let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  for (const { eligibility, pods } of nodes) {
    // A pod that is both deleted and finished is gone as far as counting goes (includeDeletedTerminal=false).
    const counted = pods.filter((p) => !(isTerminating(p) && (p.status?.phase === "Failed" || p.status?.phase === "Succeeded")));
    if (!eligibility.shouldRun) {
      if (counted.length > 0) misscheduled++;
      continue;
    }
    desired++;
    const oldest = oldestFirst(counted)[0];
    if (!oldest) continue;
    current++;
    if (isRunningAndReady(oldest)) {
      ready++;
      if (msUntilAvailable(oldest, ds.spec.minReadySeconds ?? 0, now) === 0) available++;
    }
    if (isUpdated(oldest, ds, hash)) updated++;
  }
  return {
    ...ds.status,
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
    ...(ds.metadata.generation !== undefined ? { observedGeneration: ds.metadata.generation } : {}),
  };
}
