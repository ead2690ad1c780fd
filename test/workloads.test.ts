// Deployments on real agents and real Docker: rolling updates within their bounds, undo, stuck
// rollouts, self-healing, a server crash mid-rollout, and cascading deletion. One cluster for
// the file: each test has a Deployment of its own name and deletes it; the test that kills an
// agent comes last.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment, Pod } from "@skiff/api";
import { AgentProcess, TestCluster, eventually } from "./support/cluster.js";

const exec = promisify(execFile);
let c: TestCluster;
beforeAll(async () => {
  c = await TestCluster.start({ agents: 2 });
});
afterAll(async () => {
  await c?.dispose();
});

const deployment = (name: string, image: string, replicas = 4, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: name } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image, command: ["sleep", "3600"] }] },
    },
    ...extra,
  },
});

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

async function apply(c: TestCluster, obj: unknown): Promise<void> {
  const r = await c.skiff(["apply", "-f", "-"], JSON.stringify(obj));
  expect(r.code, r.stderr).toBe(0);
}

/** Deleted, not waited for: the next test's pods are told apart by their app label. */
async function remove(c: TestCluster, name: string): Promise<void> {
  const r = await c.skiff(["delete", "deployment", name]);
  expect(r.code, r.stderr).toBe(0);
}

async function readyPods(c: TestCluster, app: string): Promise<Pod[]> {
  const { items } = await c.client.pods.list({ labelSelector: `app=${app}` });
  return (items as Pod[]).filter(isReady);
}

async function waitAvailable(c: TestCluster, name: string, replicas: number, timeoutMs = 60_000): Promise<void> {
  await eventually(async () => {
    const d = (await c.client.deployments.get(name)) as Deployment;
    const s = d.status;
    const ok = s?.availableReplicas === replicas && s.updatedReplicas === replicas && s.replicas === replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
    if (!ok) throw new Error(`deployment ${name}: ${JSON.stringify(s)}`);
  }, timeoutMs);
}

const imageOf = (p: Pod) => p.spec.containers[0]?.image;

/** Resolves at the first watch event after which the app's pods (list, then watch) satisfy `done`. */
async function untilPods(c: TestCluster, app: string, done: (pods: Pod[]) => boolean, timeoutMs = 60_000): Promise<void> {
  const pods = new Map<string, Pod>();
  const listed = await c.client.pods.list({ labelSelector: `app=${app}` });
  for (const p of listed.items) pods.set(p.metadata.name, p as Pod);
  if (done([...pods.values()])) return;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    for await (const ev of c.client.watch("Pod", { labelSelector: `app=${app}`, resourceVersion: listed.resourceVersion, signal: ac.signal })) {
      if (ev.type === "DELETED") pods.delete(ev.object!.metadata.name);
      else if (ev.object) pods.set(ev.object.metadata.name, ev.object as Pod);
      if (done([...pods.values()])) return;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  throw new Error(`pods of ${app} never reached the state waited for (${timeoutMs} ms): ${JSON.stringify([...pods.values()].map((p) => [p.metadata.name, imageOf(p)]))}`);
}

/** Watches the app's pods the whole time (list, then watch from its revision) and records the extremes. */
async function watchBounds(c: TestCluster, app: string) {
  const pods = new Map<string, Pod>();
  const listed = await c.client.pods.list({ labelSelector: `app=${app}` });
  for (const p of listed.items) pods.set(p.metadata.name, p as Pod);
  const seen = { minReady: (listed.items as Pod[]).filter(isReady).length, maxExisting: listed.items.length, atMax: "" };
  const ac = new AbortController();
  const done = (async () => {
    for await (const ev of c.client.watch("Pod", { labelSelector: `app=${app}`, resourceVersion: listed.resourceVersion, signal: ac.signal })) {
      if (ev.type === "DELETED") pods.delete(ev.object!.metadata.name);
      else if (ev.object) pods.set(ev.object.metadata.name, ev.object as Pod);
      const live = [...pods.values()].filter((p) => !p.metadata.deletionTimestamp);
      if (live.length > seen.maxExisting) {
        seen.maxExisting = live.length;
        seen.atMax = JSON.stringify(live.map((p) => [p.metadata.name, imageOf(p), p.status?.phase, p.status?.reason, isReady(p)]));
      }
      seen.minReady = Math.min(seen.minReady, live.filter(isReady).length);
    }
  })().catch(() => undefined);
  return { seen, stop: async () => (ac.abort(), await done) };
}

describe("Deployments on real nodes", () => {
  // First, while the cluster runs nothing else: "all its containers" are all the run's containers.
  it("deleting a Deployment removes all its containers from Docker", async () => {
    await apply(c, deployment("gone", "skiff-test/busybox:1", 3));
    await waitAvailable(c, "gone", 3);
    expect((await c.containers()).length).toBe(6);
    const del = await c.skiff(["delete", "deployment", "gone"]);
    expect(del.code, del.stderr).toBe(0);
    await eventually(async () => expect((await c.containers()).length).toBe(0), 30_000);
    expect((await c.client.replicaSets.list()).items).toHaveLength(0);
  });

  it("a rolling update stays within maxSurge/maxUnavailable; rollout status returns; undo brings the old template back", async () => {
    await apply(c, deployment("web", "skiff-test/busybox:1"));
    await waitAvailable(c, "web", 4);
    const bounds = await watchBounds(c, "web");
    const set = await c.skiff(["set", "image", "deployment/web", "main=skiff-test/busybox:2"]);
    expect(set.code, set.stderr).toBe(0);
    const status = await c.skiff(["rollout", "status", "deployment/web", "--timeout", "90s"]);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    await bounds.stop();
    expect(bounds.seen.minReady).toBeGreaterThanOrEqual(3);
    expect(bounds.seen.maxExisting).toBeLessThanOrEqual(5);
    const images = new Set((await readyPods(c, "web")).map((p) => p.spec.containers[0]?.image));
    expect([...images]).toEqual(["skiff-test/busybox:2"]);

    const undo = await c.skiff(["rollout", "undo", "deployment/web"]);
    expect(undo.code, undo.stderr).toBe(0);
    await waitAvailable(c, "web", 4);
    await eventually(async () => {
      const imgs = new Set((await readyPods(c, "web")).map((p) => p.spec.containers[0]?.image));
      expect([...imgs]).toEqual(["skiff-test/busybox:1"]);
    });
    await remove(c, "web");
  });

  it("a rollout to an image that cannot be pulled stops at maxSurge new pods, old ones keep serving, deadline exceeded", async () => {
    await apply(c, deployment("stuck", "skiff-test/busybox:1", 4, { progressDeadlineSeconds: 8 }));
    await waitAvailable(c, "stuck", 4);
    await c.skiff(["set", "image", "deployment/stuck", "main=skiff-test/never-built:1"]);
    await eventually(async () => {
      const d = (await c.client.deployments.get("stuck")) as Deployment;
      const progressing = d.status?.conditions?.find((x) => x.type === "Progressing");
      if (progressing?.reason !== "ProgressDeadlineExceeded") throw new Error(JSON.stringify(progressing));
      expect(progressing.status).toBe("False");
    }, 40_000);
    const { items } = await c.client.pods.list({ labelSelector: "app=stuck" });
    const fresh = (items as Pod[]).filter((p) => p.spec.containers[0]?.image === "skiff-test/never-built:1");
    expect(fresh.length).toBeLessThanOrEqual(2); // maxSurge 1 + maxUnavailable 1 may both go to the new RS
    expect((await readyPods(c, "stuck")).length).toBeGreaterThanOrEqual(3);
    const status = await c.skiff(["rollout", "status", "deployment/stuck", "--timeout", "10s"]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain("exceeded its progress deadline");
    await remove(c, "stuck");
  });

  it("the server killed mid-rollout: the rollout finishes after restart, with no duplicates and within bounds", async () => {
    await apply(c, deployment("crashy", "skiff-test/busybox:1"));
    await waitAvailable(c, "crashy", 4);
    // Kill the server the moment the rollout is seen under way: pods of both templates alive.
    const midway = untilPods(c, "crashy", (pods) => {
      const live = pods.filter((p) => !p.metadata.deletionTimestamp);
      return live.some((p) => imageOf(p) === "skiff-test/busybox:2") && live.some((p) => imageOf(p) === "skiff-test/busybox:1");
    });
    const set = await c.skiff(["set", "image", "deployment/crashy", "main=skiff-test/busybox:2"]);
    expect(set.code, set.stderr).toBe(0);
    await midway;
    // The premise, read from the server right before the kill: the rollout is in progress.
    const before = (await c.client.pods.list({ labelSelector: "app=crashy" })).items as Pod[];
    const live = before.filter((p) => !p.metadata.deletionTimestamp);
    const updated = live.filter((p) => imageOf(p) === "skiff-test/busybox:2").length;
    expect(updated, JSON.stringify(live.map(imageOf))).toBeGreaterThan(0);
    expect(live.length - updated, JSON.stringify(live.map(imageOf))).toBeGreaterThan(0);
    await c.server.kill9();
    await c.server.start();
    const bounds = await watchBounds(c, "crashy");
    await waitAvailable(c, "crashy", 4, 90_000);
    await bounds.stop();
    expect(bounds.seen.maxExisting, bounds.seen.atMax).toBeLessThanOrEqual(5);
    const { items } = await c.client.pods.list({ labelSelector: "app=crashy" });
    expect(items).toHaveLength(4);
    expect(new Set((items as Pod[]).map((p) => p.spec.containers[0]?.image))).toEqual(new Set(["skiff-test/busybox:2"]));
    await remove(c, "crashy");
  });

  // Last: it kills an agent of the shared cluster.
  it("heals: a killed container, a deleted pod, a killed agent — back to full strength on healthy nodes", async () => {
    await apply(c, deployment("heal", "skiff-test/busybox:1", 3));
    await waitAvailable(c, "heal", 3);

    const heal = new Set((await readyPods(c, "heal")).map((p) => p.metadata.name));
    const victim = (await c.containers({ "skiff.container": "main" })).find((x) => heal.has(x.labels["skiff.pod.name"] ?? ""));
    expect(victim, "a container of heal's pods").toBeDefined();
    await exec("docker", ["kill", victim!.id]);
    await eventually(async () => expect((await readyPods(c, "heal")).length).toBe(3), 60_000);

    const [somePod] = await readyPods(c, "heal");
    await c.skiff(["delete", "pod", somePod?.metadata.name ?? ""]);
    await waitAvailable(c, "heal", 3);

    const lost = c.agents[0] as AgentProcess;
    await lost.stop("SIGKILL");
    await eventually(async () => {
      const ready = await readyPods(c, "heal");
      expect(ready.length).toBe(3);
      expect(ready.every((p) => p.spec.nodeName !== lost.name)).toBe(true);
    }, 60_000);
  });
});
