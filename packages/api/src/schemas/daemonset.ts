// DaemonSet (apps/v1): a selector, a pod template run on every eligible node, and how to roll it out.
import { z } from "zod";
import { int, issue, isRecord, kobject } from "./fields.js";
import { labelSelector, objectMeta } from "./meta.js";
import { checkVolumeMounts, podTemplateSpec, status } from "./pod.js";
import { checkWorkload, isZero, percentOrCount } from "./workloads.js";

const updateStrategy = kobject(
  "DaemonSetUpdateStrategy",
  {
    type: z.enum(["RollingUpdate", "OnDelete"]).optional(),
    rollingUpdate: kobject(
      "RollingUpdateDaemonSet",
      // maxUnavailable defaults to 1 and maxSurge to 0, so leaving one out never makes both zero
      // unless the other is written as zero.
      { maxUnavailable: percentOrCount(100).optional(), maxSurge: percentOrCount(100).optional() },
      (r, ctx) => {
        const unavailable = r.maxUnavailable ?? 1;
        const surge = r.maxSurge ?? 0;
        if (isZero(unavailable) && isZero(surge)) issue(ctx, ["maxUnavailable"], "may not be 0 when maxSurge is 0");
      },
    ).optional(),
  },
  (s, ctx) => {
    if (s.type === "OnDelete" && s.rollingUpdate !== undefined) {
      issue(ctx, ["rollingUpdate"], `may not be specified when update strategy type is "OnDelete"`);
    }
  },
);

const daemonSetSpec = kobject(
  "DaemonSetSpec",
  {
    selector: labelSelector,
    template: podTemplateSpec,
    updateStrategy: updateStrategy.optional(),
    minReadySeconds: int(0).optional(),
    revisionHistoryLimit: int(0).optional(),
  },
  checkWorkload,
);

export const daemonSet = kobject(
  "DaemonSet",
  { apiVersion: z.unknown(), kind: z.unknown(), metadata: objectMeta("DaemonSet", "subdomain", true), spec: daemonSetSpec, status: status() },
  (d, ctx) => {
    const template = isRecord(d.spec) && isRecord(d.spec.template) ? d.spec.template : {};
    checkVolumeMounts(template.spec, [], ctx, ["spec", "template", "spec"]);
  },
);
