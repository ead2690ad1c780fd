// PodDisruptionBudget (policy/v1): a selector and one of minAvailable or maxUnavailable.
import { z } from "zod";
import { issue, kobject } from "./fields.js";
import { labelSelector, objectMeta } from "./meta.js";
import { status } from "./pod.js";
import { percentOrCount } from "./workloads.js";

const podDisruptionBudgetSpec = kobject(
  "PodDisruptionBudgetSpec",
  {
    minAvailable: percentOrCount(100).optional(),
    maxUnavailable: percentOrCount(100).optional(),
    selector: labelSelector.optional(),
    unhealthyPodEvictionPolicy: z.enum(["IfHealthyBudget", "AlwaysAllow"]).optional(),
  },
  (s, ctx) => {
    // Kubernetes words the first; it accepts neither set (a budget that allows nothing once pods
    // exist), which skiff refuses as the mistake it almost always is.
    if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) issue(ctx, ["minAvailable"], "minAvailable and maxUnavailable cannot be both set");
    else if (s.minAvailable === undefined && s.maxUnavailable === undefined) issue(ctx, ["minAvailable"], "one of minAvailable or maxUnavailable is required");
  },
);

export const podDisruptionBudget = kobject("PodDisruptionBudget", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("PodDisruptionBudget", "subdomain", true),
  spec: podDisruptionBudgetSpec,
  status: status(),
});
