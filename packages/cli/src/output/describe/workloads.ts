// Deployments, ReplicaSets and StatefulSets: the replica counts and the pod template.
import type { ApiObject, Deployment, PodTemplateSpec, ReplicaSet, WorkloadCondition } from "@skiff/api";
import { ownedBy } from "@skiff/client";
import { sameTemplate } from "../../rollout.js";
import { labelString } from "../columns/types.js";
import type { DescribeContext } from "./context.js";
import { table } from "./table.js";
import type { DescribeWriter } from "./writer.js";

export function describeTemplate(t: PodTemplateSpec | undefined, w: DescribeWriter): void {
  w.section("Pod Template", (s) => {
    s.map("Labels", t?.metadata?.labels);
    s.section("Containers", (cs) => {
      for (const c of t?.spec?.containers ?? []) {
        cs.section(c.name, (cw) => {
          cw.field("Image", c.image);
          const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`);
          cw.field(ports.length > 1 ? "Ports" : "Port", ports.join(", "));
          if (c.resources?.limits) cw.mapBlock("Limits", c.resources.limits);
          const env = (c.env ?? []).map((e) => [e.name, e.value ?? "(from a reference)"] as const);
          cw.mapBlock("Environment", Object.fromEntries(env));
        });
      }
    });
  });
}

// The three share a shape (selector, replicas, template): one reader for all, kind-specific lines around it.
function spec(obj: ApiObject) {
  return (obj as Deployment).spec;
}
function status(obj: ApiObject) {
  return (obj as Deployment).status;
}

export function describeDeployment(obj: ApiObject, w: DescribeWriter, ctx: DescribeContext): void {
  const sp = spec(obj);
  const st = status(obj);
  w.field("Selector", labelString(sp?.selector?.matchLabels));
  w.field(
    "Replicas",
    `${sp?.replicas ?? 1} desired | ${st?.updatedReplicas ?? 0} updated | ${st?.replicas ?? 0} total | ` +
      `${st?.availableReplicas ?? 0} available | ${st?.unavailableReplicas ?? 0} unavailable`,
  );
  const strategy = sp?.strategy?.type ?? "RollingUpdate";
  w.field("StrategyType", strategy);
  if (strategy === "RollingUpdate") {
    const ru = sp?.strategy?.rollingUpdate;
    w.field("RollingUpdateStrategy", `${ru?.maxUnavailable ?? "25%"} max unavailable, ${ru?.maxSurge ?? "25%"} max surge`);
  }
  describeTemplate(sp?.template, w);
  describeConditions(st?.conditions ?? [], w);
  if (!ctx.replicaSets) return;
  const { oldSets, newSet } = deploymentReplicaSets(obj as Deployment, ctx.replicaSets);
  w.field("OldReplicaSets", oldSets.map(replicaSetSummary).join(", "));
  w.field("NewReplicaSet", newSet && replicaSetSummary(newSet));
}

/** Conditions as kubectl's deployment describer prints them: Type, Status, Reason. */
function describeConditions(conditions: readonly WorkloadCondition[], w: DescribeWriter): void {
  if (conditions.length === 0) return;
  w.section("Conditions", (s) => table(s, ["Type", "Status", "Reason"], conditions.map((c) => [c.type, c.status, c.reason ?? ""])));
}

/** `web-7d4b9 (3/3 replicas created)`: pods made over pods wanted. */
export function replicaSetSummary(rs: ReplicaSet): string {
  return `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`;
}

/**
 * kubectl's split (deploymentutil.GetAllReplicaSets): the new ReplicaSet is the oldest owned one
 * whose template is the Deployment's (the hash label aside); the old ones are the other owned
 * ones that still want pods.
 */
export function deploymentReplicaSets(d: Deployment, all: readonly ReplicaSet[]): { oldSets: ReplicaSet[]; newSet?: ReplicaSet } {
  const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? "") || 0;
  const owned = ownedBy(all, d).sort((a, b) => created(a) - created(b) || a.metadata.name.localeCompare(b.metadata.name));
  const newSet = owned.find((rs) => sameTemplate(rs.spec.template, d.spec?.template));
  const oldSets = owned.filter((rs) => rs !== newSet && (rs.spec.replicas ?? 1) !== 0);
  return { oldSets, newSet };
}

export function describeReplicaSet(obj: ApiObject, w: DescribeWriter): void {
  const sp = spec(obj);
  const st = status(obj);
  w.field("Selector", labelString(sp?.selector?.matchLabels));
  w.field("Replicas", `${st?.replicas ?? 0} current / ${sp?.replicas ?? 1} desired`);
  w.field("Pods Status", `${st?.readyReplicas ?? 0} Ready`);
  describeTemplate(sp?.template, w);
}

export function describeStatefulSet(obj: ApiObject, w: DescribeWriter): void {
  const sp = spec(obj);
  const st = status(obj);
  w.field("Selector", labelString(sp?.selector?.matchLabels));
  w.field("Replicas", `${sp?.replicas ?? 1} desired | ${st?.replicas ?? 0} total`);
  w.field("Pods Status", `${st?.readyReplicas ?? 0} Ready`);
  describeTemplate(sp?.template, w);
}
