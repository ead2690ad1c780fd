// kubectl's rollout status messages, for a Deployment, a StatefulSet and a DaemonSet in each state.
import { describe, expect, it } from "vitest";
import type { DaemonSet, DaemonSetStatus, Deployment, DeploymentStatus, StatefulSet, StatefulSetStatus } from "@skiff/api";
import { daemonSetStatus, deploymentStatus, RolloutError, statefulSetStatus, statusViewer } from "./rollout.js";

function deploy(status: DeploymentStatus | undefined, extra: { replicas?: number; generation?: number; revision?: string } = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", generation: extra.generation ?? 2, ...(extra.revision ? { annotations: { "deployment.kubernetes.io/revision": extra.revision } } : {}) },
    spec: { replicas: extra.replicas ?? 3, selector: { matchLabels: { app: "web" } }, template: { spec: { containers: [{ name: "app", image: "nginx" }] } } },
    ...(status ? { status } : {}),
  };
}

describe("deployment rollout status", () => {
  it.each([
    ["the controller has not seen the new spec", { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, "Waiting for deployment spec update to be observed...", false],
    ["no status at all", undefined, "Waiting for deployment spec update to be observed...", false],
    ["new replicas still being made", { observedGeneration: 2, replicas: 3, updatedReplicas: 1 }, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    ["old replicas still running", { observedGeneration: 2, replicas: 5, updatedReplicas: 3 }, 'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...', false],
    ["updated replicas not all available", { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1 }, 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...', false],
    ["every replica updated and available", { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, 'deployment "web" successfully rolled out', true],
    ["observed a later generation than the object shows", { observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, 'deployment "web" successfully rolled out', true],
  ] as const)("%s", (_what, status, message, done) => {
    expect(deploymentStatus(deploy(status))).toEqual({ message, done });
  });

  it("is done at once for a deployment scaled to zero", () => {
    expect(deploymentStatus(deploy({ observedGeneration: 2 }, { replicas: 0 })).done).toBe(true);
  });

  it("fails when the progress deadline is exceeded", () => {
    const stuck = deploy({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 1,
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
    });
    expect(() => deploymentStatus(stuck)).toThrow(new RolloutError('deployment "web" exceeded its progress deadline'));
  });

  it("checks --revision against the deployment's revision annotation", () => {
    const d = deploy({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, { revision: "4" });
    expect(deploymentStatus(d, 4).done).toBe(true);
    expect(() => deploymentStatus(d, 3)).toThrow("desired revision (3) is different from the running revision (4)");
    expect(() => deploymentStatus(deploy({}), 1)).toThrow('cannot get the revision of deployment "web"');
  });
});

function sts(status: StatefulSetStatus | undefined, extra: { partition?: number; onDelete?: boolean } = {}): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "default", generation: 1 },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "db" } },
      template: { spec: { containers: [{ name: "db", image: "postgres" }] } },
      ...(extra.onDelete ? { updateStrategy: { type: "OnDelete" } } : {}),
      ...(extra.partition !== undefined ? { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: extra.partition } } } : {}),
    },
    ...(status ? { status } : {}),
  };
}

describe("statefulset rollout status", () => {
  const ready = { observedGeneration: 1, replicas: 3, readyReplicas: 3 };
  it.each([
    ["not yet observed", undefined, {}, "Waiting for statefulset spec update to be observed...", false],
    ["pods not ready", { ...ready, readyReplicas: 2 }, {}, "Waiting for 1 pods to be ready...", false],
    ["a rolling update under way", { ...ready, updatedReplicas: 1, currentRevision: "db-1", updateRevision: "db-2" }, {}, "waiting for statefulset rolling update to complete 1 pods at revision db-2...", false],
    ["a rolling update complete", { ...ready, currentReplicas: 3, updatedReplicas: 3, currentRevision: "db-2", updateRevision: "db-2" }, {}, "statefulset rolling update complete 3 pods at revision db-2...", true],
    ["a partitioned update under way", { ...ready, updatedReplicas: 0 }, { partition: 2 }, "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...", false],
    ["a partitioned update complete", { ...ready, updatedReplicas: 1 }, { partition: 2 }, "partitioned roll out complete: 1 new pods have been updated...", true],
  ] as const)("%s", (_what, status, extra, message, done) => {
    expect(statefulSetStatus(sts(status, extra))).toEqual({ message, done });
  });

  it("has nothing to wait for with OnDelete", () => {
    expect(() => statefulSetStatus(sts(ready, { onDelete: true }))).toThrow("rollout status is only available for RollingUpdate strategy type");
  });
});

it("has a viewer for deployments and statefulsets only", () => {
  expect(statusViewer("deploy")).toBeDefined();
  expect(statusViewer("StatefulSet")).toBeDefined();
  expect(statusViewer("ReplicaSet")).toBeUndefined();
});

describe("daemonset rollout status", () => {
  const ds = (status: Partial<DaemonSetStatus>, type: "RollingUpdate" | "OnDelete" = "RollingUpdate"): DaemonSet => ({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "logs", namespace: "default", generation: 2 },
    spec: { selector: { matchLabels: { app: "logs" } }, template: { spec: { containers: [{ name: "tail", image: "busybox" }] } }, updateStrategy: { type } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 2, ...status },
  });

  it("waits for the spec, then the updated pods, then their availability, in kubectl's words", () => {
    expect(daemonSetStatus(ds({ observedGeneration: 1 })).message).toBe("Waiting for daemon set spec update to be observed...");
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 1 })).message).toBe('Waiting for daemon set "logs" rollout to finish: 1 out of 3 new pods have been updated...');
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe('Waiting for daemon set "logs" rollout to finish: 2 of 3 updated pods are available...');
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({ message: 'daemon set "logs" successfully rolled out', done: true });
    expect(statusViewer("ds")).toBeDefined();
  });

  it("refuses OnDelete, which has no end to wait for", () => {
    expect(() => daemonSetStatus(ds({}, "OnDelete"))).toThrow(RolloutError);
  });
});
