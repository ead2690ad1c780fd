// PodDisruptionBudgets, as kubectl's PodDisruptionBudgetDescriber prints them: the bound, the
// selector, the counts of the status; then the DisruptionAllowed condition's reason when it is
// False, which kubectl leaves out but which says why a drain waits.
import { formatLabelSelector, type ApiObject, type PodDisruptionBudget } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

export function describePodDisruptionBudget(obj: ApiObject, w: DescribeWriter): void {
  const pdb = obj as PodDisruptionBudget;
  if (pdb.spec?.minAvailable !== undefined) w.field("Min available", String(pdb.spec.minAvailable));
  else if (pdb.spec?.maxUnavailable !== undefined) w.field("Max unavailable", String(pdb.spec.maxUnavailable));
  w.field("Selector", pdb.spec?.selector ? formatLabelSelector(pdb.spec.selector) : "<unset>");
  const st = pdb.status;
  w.section("Status", (s) => {
    s.field("Allowed disruptions", st?.disruptionsAllowed ?? 0);
    s.field("Current", st?.currentHealthy ?? 0);
    s.field("Desired", st?.desiredHealthy ?? 0);
    s.field("Total", st?.expectedPods ?? 0);
    const blocked = st?.conditions?.find((c) => c.type === "DisruptionAllowed" && c.status === "False");
    if (blocked) s.field("Reason", blocked.message ? `${blocked.reason}: ${blocked.message}` : blocked.reason);
  });
}
