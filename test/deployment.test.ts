// Deployments and ReplicaSets, in-process: the real server as production runs it (API, store,
// scheduler, node sessions, its built-in controllers and no others), two in-process agents on the
// fake runtime (pods really get scheduled and report Running/Ready), driven by the SDK.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment, Pod, ReplicaSet } from "@skiff/api";
import { FakeRuntime, startAgent, type RunningAgent } from "@skiff/agent";
import { SkiffClient } from "@skiff/client";
import { serve, type RunningServer } from "../packages/server/src/index.js";

const log = pino({ level: process.env.SKIFF_TEST_LOG ?? "silent" });
let dir = "";
let server: RunningServer | undefined;
const agents: RunningAgent[] = [];
let client: SkiffClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-deploy-"));
  // serve()'s defaults: the built-in controllers `skiff server` runs, each once.
  server = await serve({ dataDir: dir, listen: "127.0.0.1:0", logger: log, insecure: true });
  for (const name of ["node-a", "node-b"]) {
    const runtime = new FakeRuntime({ images: ["web:1", "web:2", "web:3"] });
    agents.push(await startAgent({ server: server.address, name, runtime, log, insecure: true }));
  }
  client = new SkiffClient({ server: server.address, insecure: true });
  await until(async () => (await client.nodes.list()).items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length === 2, 15_000, "2 nodes Ready");
});

afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => undefined);
  await server?.close().catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

// --- helpers -------------------------------------------------------------------------------

async function until(check: () => Promise<boolean>, timeoutMs = 20_000, what: string | (() => string) = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Opts {
  replicas: number;
  image: string;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  recreate?: boolean;
  progressDeadlineSeconds?: number;
}

const manifest = (name: string, o: Opts) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default" },
  spec: {
    replicas: o.replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: o.image }] } },
    strategy: o.recreate ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxSurge: o.maxSurge ?? 1, maxUnavailable: o.maxUnavailable ?? 1 } },
    ...(o.progressDeadlineSeconds ? { progressDeadlineSeconds: o.progressDeadlineSeconds } : {}),
  },
});

const apply = async (name: string, o: Opts) => void (await client.apply([manifest(name, o)]));
const getDeployment = (name: string) => client.deployments.get(name);
const podsOf = async (name: string) => (await client.pods.list({ namespace: "default", labelSelector: `app=${name}` })).items as Pod[];
const replicaSetsOf = async (name: string) => (await client.replicaSets.list({ namespace: "default", labelSelector: `app=${name}` })).items as ReplicaSet[];
const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
const progressing = (d: Deployment) => d.status?.conditions?.find((c) => c.type === "Progressing");
const imageOf = (o: { spec: { template: { spec: { containers: { image: string }[] } } } }) => o.spec.template.spec.containers[0]?.image;
const podImage = (p: Pod) => p.spec.containers[0]?.image;
const revision = (o: { metadata: { annotations?: Record<string, string> } }) => o.metadata.annotations?.["deployment.kubernetes.io/revision"];

async function complete(name: string, replicas: number, timeoutMs = 30_000): Promise<Deployment> {
  let d: Deployment | undefined;
  await until(async () => {
    d = await getDeployment(name);
    const s = d.status;
    return (
      s?.observedGeneration === d.metadata.generation &&
      s?.updatedReplicas === replicas &&
      s.availableReplicas === replicas &&
      s.replicas === replicas &&
      progressing(d)?.reason === "NewReplicaSetAvailable"
    );
  }, timeoutMs, () => `${name} complete with ${replicas}: ${JSON.stringify(d?.status)}`);
  return d as Deployment;
}

/** Wait until events about `involved` (any object when undefined) include every message. */
async function untilEvents(involved: string | undefined, wanted: string[]): Promise<void> {
  let messages: string[] = [];
  await until(async () => {
    const { items } = await client.events.list({ namespace: "default" });
    messages = items.filter((e) => !involved || e.involvedObject?.name === involved).map((e) => e.message ?? "");
    return wanted.every((m) => messages.includes(m));
  }, 10_000, () => `events ${JSON.stringify(wanted)} among ${JSON.stringify(messages)}`);
}

/** Follow the pods of `name` through a watch: how many exist, how many are ready, at every event. */
function watchPods(name: string) {
  const stop = new AbortController();
  const pods = new Map<string, Pod>();
  const seen = { maxExisting: 0, minReady: Number.POSITIVE_INFINITY, events: 0, snapshots: [] as Pod[][] };
  const done = (async () => {
    for await (const ev of client.pods.watch({ namespace: "default", labelSelector: `app=${name}`, signal: stop.signal })) {
      const pod = ev.object;
      if (!pod) continue; // a bookmark
      if (ev.type === "DELETED") pods.delete(pod.metadata.name);
      else if (ev.type === "ADDED" || ev.type === "MODIFIED") pods.set(pod.metadata.name, pod);
      else continue;
      seen.events++;
      const all = [...pods.values()];
      seen.snapshots.push(all);
      seen.maxExisting = Math.max(seen.maxExisting, all.length);
      seen.minReady = Math.min(seen.minReady, all.filter(isReady).length);
    }
  })().catch((err: unknown) => {
    if (!stop.signal.aborted) throw err;
  });
  return {
    seen,
    /** Start counting from now (the watch has caught up with the pods that were there). */
    reset: () => {
      const all = [...pods.values()];
      seen.maxExisting = all.length;
      seen.minReady = all.filter(isReady).length;
      seen.snapshots = [all];
    },
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}

// --- tests ---------------------------------------------------------------------------------

describe("Deployment rolling update (in-process cluster, fake runtime)", () => {
  it("4 replicas, maxSurge 1, maxUnavailable 1: never < 3 ready, never > 5 pods; completes; undo reuses the old RS", async () => {
    await apply("roll", { replicas: 4, image: "web:1" });
    const first = await complete("roll", 4);
    expect(revision(first)).toBe("1");
    const [oldRS] = await replicaSetsOf("roll");
    const watch = watchPods("roll");
    try {
      await until(async () => watch.seen.events >= 4, 5_000, "watch caught up");
      watch.reset();
      await apply("roll", { replicas: 4, image: "web:2" });
      const d = await complete("roll", 4);
      expect(revision(d)).toBe("2");
      expect(d.status).toMatchObject({ updatedReplicas: 4, availableReplicas: 4, readyReplicas: 4, unavailableReplicas: 0 });
      expect(d.status?.conditions?.find((c) => c.type === "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
      expect(progressing(d)?.message).toMatch(/^ReplicaSet "roll-\w+" has successfully progressed\.$/);
      await until(async () => (await podsOf("roll")).length === 4, 10_000, "old pods gone");
    } finally {
      await watch.stop();
    }
    expect(watch.seen.maxExisting).toBeLessThanOrEqual(5);
    expect(watch.seen.minReady).toBeGreaterThanOrEqual(3);
    const pods = await podsOf("roll");
    expect(pods.map(podImage)).toEqual(["web:2", "web:2", "web:2", "web:2"]);

    await untilEvents("roll", [`Scaled up replica set ${oldRS?.metadata.name} to 4`, `Scaled down replica set ${oldRS?.metadata.name} to 3`]);

    // rollout undo: the old template comes back; its ReplicaSet is reused with revision 3.
    await apply("roll", { replicas: 4, image: "web:1" });
    const back = await complete("roll", 4);
    expect(revision(back)).toBe("3");
    const rss = await replicaSetsOf("roll");
    expect(rss).toHaveLength(2);
    const reused = rss.find((rs) => rs.metadata.name === oldRS?.metadata.name);
    expect(reused?.spec.replicas).toBe(4);
    expect(revision(reused ?? { metadata: {} })).toBe("3");
    await until(async () => (await podsOf("roll")).every((p) => podImage(p) === "web:1"), 10_000, "web:1 pods only");
  });

  it("an image that cannot be pulled: at most maxSurge new pods, old pods stay, ProgressDeadlineExceeded", async () => {
    await apply("stuck", { replicas: 3, image: "web:1", maxSurge: 1, maxUnavailable: 0, progressDeadlineSeconds: 3 });
    await complete("stuck", 3);
    const started = Date.now();
    await apply("stuck", { replicas: 3, image: "web:missing", maxSurge: 1, maxUnavailable: 0, progressDeadlineSeconds: 3 });
    let d: Deployment | undefined;
    await until(async () => {
      d = await getDeployment("stuck");
      return progressing(d)?.reason === "ProgressDeadlineExceeded";
    }, 15_000, "ProgressDeadlineExceeded");
    const took = Date.now() - started;
    expect(progressing(d as Deployment)).toMatchObject({ status: "False", message: expect.stringMatching(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/) });
    expect(took).toBeGreaterThanOrEqual(3_000);
    const pods = await podsOf("stuck");
    const fresh = pods.filter((p) => podImage(p) === "web:missing");
    const old = pods.filter((p) => podImage(p) === "web:1");
    expect(fresh).toHaveLength(1);
    expect(old).toHaveLength(3);
    expect(old.every(isReady)).toBe(true);
    expect(d?.status).toMatchObject({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 });
  });

  it("a deleted pod is replaced; a pod marked Failed (NodeLost) is deleted and replaced", async () => {
    await apply("heal", { replicas: 3, image: "web:1" });
    await complete("heal", 3);
    const [victim, lost] = await podsOf("heal");
    if (!victim || !lost) throw new Error("pods missing");
    await client.pods.delete(victim.metadata.name);
    await until(async () => {
      const pods = await podsOf("heal");
      return pods.length === 3 && pods.every(isReady) && !pods.some((p) => p.metadata.name === victim.metadata.name);
    }, 15_000, "deleted pod replaced");

    const store = server?.store;
    if (!store) throw new Error("no server");
    const current = (await store.get({ kind: "Pod", namespace: "default", name: lost.metadata.name })) as Pod;
    await store.update({ ...current, status: { ...current.status, phase: "Failed", reason: "NodeLost", conditions: [{ type: "Ready", status: "False", reason: "NodeLost" }] } });
    await until(async () => {
      const pods = await podsOf("heal");
      return pods.length === 3 && pods.every(isReady) && !pods.some((p) => p.metadata.name === lost.metadata.name);
    }, 15_000, "failed pod replaced");
    await untilEvents(undefined, [`Deleted pod: ${lost.metadata.name}`]);
  });

  it("scaling mid-rollout is proportional", async () => {
    const o = { replicas: 10, image: "web:1", maxSurge: 3, maxUnavailable: 2 };
    await apply("prop", o);
    await complete("prop", 10);
    // A rollout that cannot finish (the new image is never pulled) holds still mid-way.
    await apply("prop", { ...o, image: "web:missing" });
    const sizes = async () => {
      const rss = await replicaSetsOf("prop");
      return Object.fromEntries(rss.map((rs) => [imageOf(rs), rs.spec.replicas]));
    };
    let seen = {};
    await until(async () => isDeepStrictEqual((seen = await sizes()), { "web:1": 8, "web:missing": 5 }), 15_000, () => `rollout stalled at 8 + 5, not ${JSON.stringify(seen)}`);
    await apply("prop", { ...o, replicas: 20, image: "web:missing" });
    await until(async () => isDeepStrictEqual(await sizes(), { "web:1": 14, "web:missing": 9 }), 15_000, "scaled to 14 + 9");
    // Down to 5 (8 with the surge): -15 shared 14:9 -> 5 + 3 (Kubernetes' GetProportion); the
    // rollout then goes on within its bounds: old down to minAvailable 3, new up to 5.
    await apply("prop", { ...o, replicas: 5, image: "web:missing" });
    await until(async () => isDeepStrictEqual((seen = await sizes()), { "web:1": 3, "web:missing": 5 }), 15_000, () => `3 + 5, not ${JSON.stringify(seen)}`);
    const rss = await replicaSetsOf("prop");
    const name = (img: string) => rss.find((rs) => imageOf(rs) === img)?.metadata.name;
    // Events are written asynchronously, after the writes they describe.
    await untilEvents("prop", [
      `Scaled up replica set ${name("web:1")} to 14`,
      `Scaled up replica set ${name("web:missing")} to 9`,
      `Scaled down replica set ${name("web:1")} to 5`,
      `Scaled down replica set ${name("web:missing")} to 3`,
    ]);
    await until(async () => (await getDeployment("prop")).status?.availableReplicas === 3, 15_000, "3 old pods available");
  });

  it("Recreate: every old pod is gone before any new pod exists", async () => {
    await apply("recreate", { replicas: 3, image: "web:1", recreate: true });
    await complete("recreate", 3);
    const watch = watchPods("recreate");
    try {
      await until(async () => watch.seen.events >= 3, 5_000, "watch caught up");
      watch.reset();
      await apply("recreate", { replicas: 3, image: "web:2", recreate: true });
      await complete("recreate", 3);
    } finally {
      await watch.stop();
    }
    for (const snapshot of watch.seen.snapshots) {
      const images = new Set(snapshot.map(podImage));
      expect(images.size).toBeLessThanOrEqual(1);
    }
    expect((await podsOf("recreate")).map(podImage)).toEqual(["web:2", "web:2", "web:2"]);
  });
});
