// Deployment, ReplicaSet and StatefulSet: a selector, a pod template, and how to roll it out.
import { z } from "zod";
import { checkDns1123Label } from "../names.js";
import { quote } from "../issues.js";
import { selectorFromLabelSelector } from "../selector.js";
import type { LabelSelector } from "../types.js";
import { resourceList } from "./container.js";
import { bool, int, intOrString, issue, isRecord, kobject, str } from "./fields.js";
import { labelSelector, objectMeta, templateMeta } from "./meta.js";
import { checkVolumeMounts, podTemplateSpec, status } from "./pod.js";
import { claimSpec } from "./storage.js";

type Ctx = z.core.$RefinementCtx;

/** Rules every pod-owning spec shares: the selector selects the template, pods always restart. */
export function checkWorkload(spec: Record<string, unknown>, ctx: Ctx): void {
  const template = isRecord(spec.template) ? spec.template : {};
  const podSpec = isRecord(template.spec) ? template.spec : {};
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== "Always") {
    issue(ctx, ["template", "spec", "restartPolicy"], `must be "Always" for a workload, got ${quote(podSpec.restartPolicy)}`);
  }
  checkSelectsTemplate(spec, template, ctx);
}

/** A spec's selector (when given) must be non-empty and select its template's labels. */
export function checkSelectsTemplate(spec: Record<string, unknown>, template: Record<string, unknown>, ctx: Ctx): void {
  if (!isRecord(spec.selector)) return;
  let selector;
  try {
    selector = selectorFromLabelSelector(spec.selector as LabelSelector);
  } catch {
    return; // the selector's own fields are reported by its schema
  }
  if (selector.isEmpty()) {
    issue(ctx, ["selector"], "must not be empty (it would select every pod)");
    return;
  }
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const labels = isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {};
  if (!selector.matches(labels)) issue(ctx, ["selector"], "does not match template labels");
}

export const isZero = (v: unknown): boolean => v === 0 || v === "0%";

export const percentOrCount = (maxPercent?: number) =>
  intOrString(
    (n) => (n < 0 ? `must be greater than or equal to 0, got ${n}` : undefined),
    (s) => {
      if (!/^\d+%$/.test(s)) return `must be an integer or a percentage like "25%", got ${quote(s)}`;
      return maxPercent !== undefined && parseInt(s, 10) > maxPercent ? `must not be greater than ${maxPercent}%` : undefined;
    },
  );

const deploymentStrategy = kobject(
  "DeploymentStrategy",
  {
    type: z.enum(["RollingUpdate", "Recreate"]).optional(),
    rollingUpdate: kobject(
      "RollingUpdateDeployment",
      { maxUnavailable: percentOrCount(100).optional(), maxSurge: percentOrCount().optional() },
      (r, ctx) => {
        if (isZero(r.maxUnavailable) && isZero(r.maxSurge)) issue(ctx, ["maxUnavailable"], "may not be 0 when maxSurge is 0");
      },
    ).optional(),
  },
  (s, ctx) => {
    if (s.type === "Recreate" && s.rollingUpdate !== undefined) {
      issue(ctx, ["rollingUpdate"], `may not be specified when strategy type is "Recreate"`);
    }
  },
);

const deploymentSpec = kobject(
  "DeploymentSpec",
  {
    replicas: int(0).optional(),
    selector: labelSelector,
    template: podTemplateSpec,
    strategy: deploymentStrategy.optional(),
    minReadySeconds: int(0).optional(),
    revisionHistoryLimit: int(0).optional(),
    paused: bool().optional(),
    progressDeadlineSeconds: int(1).optional(),
  },
  (spec, ctx) => {
    checkWorkload(spec, ctx);
    const { progressDeadlineSeconds: deadline, minReadySeconds: minReady } = spec;
    if (typeof deadline === "number" && typeof minReady === "number" && deadline <= minReady) {
      issue(ctx, ["progressDeadlineSeconds"], "must be greater than minReadySeconds");
    }
  },
);

const replicaSetSpec = kobject(
  "ReplicaSetSpec",
  { replicas: int(0).optional(), minReadySeconds: int(0).optional(), selector: labelSelector, template: podTemplateSpec },
  checkWorkload,
);

const claimTemplate = kobject(
  "PersistentVolumeClaim",
  {
    apiVersion: str().optional(),
    kind: str().optional(),
    metadata: templateMeta,
    spec: claimSpec,
    status: status(),
  },
  (c, ctx) => {
    if (isRecord(c.metadata) && c.metadata.name === undefined) issue(ctx, ["metadata", "name"], "required");
  },
);

const statefulSetSpec = kobject(
  "StatefulSetSpec",
  {
    replicas: int(0).optional(),
    selector: labelSelector,
    template: podTemplateSpec,
    serviceName: str()
      .superRefine((s, ctx) => {
        const bad = s === "" ? undefined : checkDns1123Label(s);
        if (bad) issue(ctx, [], bad);
      })
      .optional(),
    podManagementPolicy: z.enum(["OrderedReady", "Parallel"]).optional(),
    updateStrategy: kobject(
      "StatefulSetUpdateStrategy",
      {
        type: z.enum(["RollingUpdate", "OnDelete"]).optional(),
        rollingUpdate: kobject("RollingUpdateStatefulSetStrategy", { partition: int(0).optional() }).optional(),
      },
      (s, ctx) => {
        if (s.type === "OnDelete" && s.rollingUpdate !== undefined) {
          issue(ctx, ["rollingUpdate"], `may not be specified when update strategy type is "OnDelete"`);
        }
      },
    ).optional(),
    volumeClaimTemplates: z.array(claimTemplate).optional(),
    persistentVolumeClaimRetentionPolicy: kobject("StatefulSetPersistentVolumeClaimRetentionPolicy", {
      whenDeleted: z.enum(["Retain", "Delete"]).optional(),
      whenScaled: z.enum(["Retain", "Delete"]).optional(),
    }).optional(),
    revisionHistoryLimit: int(0).optional(),
    minReadySeconds: int(0).optional(),
  },
  (spec, ctx) => {
    checkWorkload(spec, ctx);
    const claims = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
    claims.forEach((c, i) => {
      const name = isRecord(c) && isRecord(c.metadata) ? c.metadata.name : undefined;
      const seen = claims.slice(0, i).some((d) => isRecord(d) && isRecord(d.metadata) && d.metadata.name === name);
      if (typeof name === "string" && seen) issue(ctx, ["volumeClaimTemplates", i, "metadata", "name"], `duplicate claim name ${quote(name)}`);
    });
  },
);

/** Names of the claim templates, which the pods mount like volumes. */
function claimNames(spec: unknown): string[] {
  if (!isRecord(spec) || !Array.isArray(spec.volumeClaimTemplates)) return [];
  return spec.volumeClaimTemplates.flatMap((c) =>
    isRecord(c) && isRecord(c.metadata) && typeof c.metadata.name === "string" ? [c.metadata.name] : [],
  );
}

function workloadKind(kind: string, spec: z.ZodType, claims: (spec: unknown) => string[]) {
  return kobject(
    kind,
    { apiVersion: z.unknown(), kind: z.unknown(), metadata: objectMeta(kind, "subdomain", true), spec, status: status() },
    (w, ctx) => {
      const template = isRecord(w.spec) && isRecord(w.spec.template) ? w.spec.template : {};
      checkVolumeMounts(template.spec, claims(w.spec), ctx, ["spec", "template", "spec"]);
    },
  );
}

export const deployment = workloadKind("Deployment", deploymentSpec, () => []);
export const replicaSet = workloadKind("ReplicaSet", replicaSetSpec, () => []);
export const statefulSet = workloadKind("StatefulSet", statefulSetSpec, claimNames);
