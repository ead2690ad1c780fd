// Builders for the StatefulSet tests: a set, and its pods in a given state.
import type { Pod, StatefulSet, StatefulSetSpec } from "@skiff/api";
import { newPod } from "./identity.js";
import { revisionsOf } from "./revision.js";

export const NOW = new Date("2025-01-01T00:00:00Z");

export function makeSet(spec: Partial<StatefulSetSpec> = {}, image = "nginx:1"): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default", uid: "uid-web", generation: 1 },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      serviceName: "web",
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image }] } },
      ...spec,
    },
  };
}

export type PodState = "pending" | "running" | "ready" | "failed" | "succeeded" | "terminating";

/** The set's pod at `ordinal`, made from its update revision (or `from`'s), in `state`. */
export function podOf(set: StatefulSet, ordinal: number, state: PodState = "ready", from: StatefulSet = set, readySince?: string): Pod {
  const pod = newPod(set, revisionsOf(from).update, ordinal);
  pod.metadata.uid = `uid-${pod.metadata.name}`;
  const phase = { pending: "Pending", running: "Running", ready: "Running", failed: "Failed", succeeded: "Succeeded", terminating: "Running" } as const;
  const ready = state === "ready" || state === "terminating";
  pod.status = { phase: phase[state], conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: readySince ?? "2024-12-31T23:00:00Z" }] };
  if (state === "terminating") pod.metadata.deletionTimestamp = NOW.toISOString();
  return pod;
}

/** Pods 0..n-1 in `state`. */
export function podsOf(set: StatefulSet, n: number, state: PodState = "ready", from: StatefulSet = set): Pod[] {
  return Array.from({ length: n }, (_, i) => podOf(set, i, state, from));
}
