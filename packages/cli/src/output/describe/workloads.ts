// Deployments, ReplicaSets and StatefulSets: the replica counts and the pod template.
import type { ApiObject, Deployment, PodTemplateSpec } from "@skiff/api";
import { labelString } from "../columns/types.js";
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

export function describeDeployment(obj: ApiObject, w: DescribeWriter): void {
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
