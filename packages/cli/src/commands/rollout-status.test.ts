// rollout status against a real server: the command follows the object by watch while the test
// writes its status straight to the store, as the Deployment and StatefulSet controllers would.
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { startServer, type TestServer } from "../test-cli.js";
import { createDeployment } from "./workload-fixtures.js";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

/** What the running command has printed so far (skiff() has replaced stdout.write with a spy). */
function printed(): string {
  return (process.stdout.write as unknown as MockInstance).mock.calls.map((c) => String(c[0])).join("");
}

describe("rollout status deployment", () => {
  it("prints each new state until the rollout is done, following by watch", async () => {
    await createDeployment(s.client, "web", "nginx:1");
    const pending = s.at("rollout", "status", "deployment/web", "--timeout", "20s");
    await vi.waitFor(() => expect(printed()).toContain("Waiting for deployment spec update to be observed..."), { timeout: 5_000 });
    await s.writeStatus("Deployment", "web", { observedGeneration: 1, replicas: 3, updatedReplicas: 1 });
    await vi.waitFor(() => expect(printed()).toContain("1 out of 3"), { timeout: 5_000 });
    await s.writeStatus("Deployment", "web", { observedGeneration: 1, replicas: 4, updatedReplicas: 3 });
    await vi.waitFor(() => expect(printed()).toContain("old replicas"), { timeout: 5_000 });
    await s.writeStatus("Deployment", "web", { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 2 });
    await vi.waitFor(() => expect(printed()).toContain("2 of 3"), { timeout: 5_000 });
    await s.writeStatus("Deployment", "web", { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(await pending).toEqual({
      code: 0,
      stdout: [
        "Waiting for deployment spec update to be observed...",
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
        'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
        'deployment "web" successfully rolled out',
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("returns at once when the rollout is already done, or with --watch=false", async () => {
    expect((await s.at("rollout", "status", "deploy/web")).stdout).toBe('deployment "web" successfully rolled out\n');
    await createDeployment(s.client, "slow", "nginx:1");
    expect(await s.at("rollout", "status", "deploy/slow", "--watch=false")).toEqual({ code: 0, stdout: "Waiting for deployment spec update to be observed...\n", stderr: "" });
  });

  it("fails when the progress deadline is exceeded", async () => {
    await s.writeStatus("Deployment", "slow", {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 1,
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
    });
    expect(await s.at("rollout", "status", "deploy/slow")).toEqual({ code: 1, stdout: "", stderr: 'error: deployment "slow" exceeded its progress deadline\n' });
  });

  it("gives up after --timeout", async () => {
    await createDeployment(s.client, "stuck", "nginx:1");
    const r = await s.at("rollout", "status", "deploy/stuck", "--timeout", "300ms");
    expect(r).toEqual({ code: 1, stdout: "Waiting for deployment spec update to be observed...\n", stderr: "error: timed out waiting for the condition\n" });
  });

  it("says when there is no such deployment, and that replicasets have no rollout", async () => {
    expect((await s.at("rollout", "status", "deploy/ghost")).stderr).toBe('Error from server (NotFound): deployments.apps "ghost" not found\n');
    expect((await s.at("rollout", "status", "rs/web")).stderr).toMatch(/^error: cannot rollout status replicasets/);
  });
});

describe("rollout status statefulset", () => {
  it("waits for the pods to be ready", async () => {
    await s.client.statefulSets.create({
      metadata: { name: "db", namespace: "default" },
      spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres" }] } } },
    });
    const pending = s.at("rollout", "status", "statefulset/db", "--timeout", "20s");
    await vi.waitFor(() => expect(printed()).toContain("Waiting for statefulset spec update to be observed..."), { timeout: 5_000 });
    await s.writeStatus("StatefulSet", "db", { observedGeneration: 1, replicas: 2, readyReplicas: 1 });
    await vi.waitFor(() => expect(printed()).toContain("Waiting for 1 pods to be ready..."), { timeout: 5_000 });
    await s.writeStatus("StatefulSet", "db", { observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, currentRevision: "db-1", updateRevision: "db-1" });
    const r = await pending;
    expect(r.code).toBe(0);
    // The API defaults rollingUpdate.partition to 0, as Kubernetes does: kubectl then reports a partitioned roll out.
    expect(r.stdout.split("\n").at(-2)).toBe("partitioned roll out complete: 2 new pods have been updated...");
  });
});

describe("rollout status daemonset", () => {
  it("waits for every desired node to run an updated, available pod", async () => {
    await s.client.daemonSets.create({
      metadata: { name: "logs", namespace: "default" },
      spec: { selector: { matchLabels: { app: "logs" } }, template: { metadata: { labels: { app: "logs" } }, spec: { containers: [{ name: "tail", image: "busybox" }] } } },
    });
    const pending = s.at("rollout", "status", "ds/logs", "--timeout", "20s");
    await vi.waitFor(() => expect(printed()).toContain("Waiting for daemon set spec update to be observed..."), { timeout: 5_000 });
    const counts = { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2 };
    await s.writeStatus("DaemonSet", "logs", { observedGeneration: 1, ...counts, updatedNumberScheduled: 1, numberAvailable: 1 });
    await vi.waitFor(() => expect(printed()).toContain('Waiting for daemon set "logs" rollout to finish: 1 out of 2 new pods have been updated...'), { timeout: 5_000 });
    await s.writeStatus("DaemonSet", "logs", { observedGeneration: 1, ...counts, updatedNumberScheduled: 2, numberAvailable: 2 });
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").at(-2)).toBe('daemon set "logs" successfully rolled out');
  });
});
