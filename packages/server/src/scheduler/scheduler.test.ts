// The Scheduler component against a real LevelStore: it binds, explains, waits, and retries.
import { afterEach, describe, expect, it } from "vitest";
import type { ApiObject, Node, Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import { SharedInformers } from "../controllers/framework/shared-informers.js";
import { eventually, silentLog, tempStore } from "../informer/test-support.js";
import { SCHEDULING_ANNOTATION, parseSchedulingAnnotation } from "./annotation.js";
import { defaultPlugins } from "./plugins/index.js";
import { Scheduler, type SchedulerOptions } from "./scheduler.js";
import { makeNode, makePod } from "./test-fixtures.js";
import { fit, unfit, type FilterPlugin } from "./types.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const now = new Date("2026-01-01T00:00:00Z");

async function setup(objects: ApiObject[], options: Partial<SchedulerOptions> = {}, wrap?: (s: Store) => Store) {
  const t = await tempStore();
  cleanups.push(t.close);
  const store = t.store;
  if (objects.length) await store.commit(objects.map((object) => ({ type: "create", object })));
  const scheduler = new Scheduler({ store: wrap ? wrap(store) : store, log: silentLog, clock: () => now, freezeCache: true, retryIntervalMs: 60_000, ...options });
  const ac = new AbortController();
  const running = scheduler.start(ac.signal);
  cleanups.push(async () => {
    ac.abort();
    await running;
  });
  const pod = async (name: string) => (await store.get({ kind: "Pod", namespace: "default", name })) as Pod;
  return { store, pod };
}

const scheduled = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === "PodScheduled");

describe("Scheduler", () => {
  it("binds pending pods, spreads replicas, explains, and waits for room for the one that fits nowhere", async () => {
    const nodes = [makeNode("n1", { cpu: "2", memory: "4Gi" }), makeNode("n2", { cpu: "2", memory: "4Gi" })];
    const web = ["web-1", "web-2", "web-3"].map((n) => makePod(n, { owner: "rs-web", cpu: "500m", memory: "256Mi" }));
    const big = makePod("big", { cpu: "3" });
    const { store, pod } = await setup([...nodes, ...web, big]);

    await eventually(async () => (await Promise.all(web.map((w) => pod(w.metadata.name)))).every((p) => scheduled(p)?.status === "True"), 5_000, "web pods bound");
    const bound = await Promise.all(web.map((w) => pod(w.metadata.name)));
    expect(new Set(bound.map((p) => p.spec.nodeName))).toEqual(new Set(["n1", "n2"]));
    expect(scheduled(bound[0])).toEqual({ type: "PodScheduled", status: "True", lastTransitionTime: now.toISOString() });
    const note = parseSchedulingAnnotation(bound[0]!.metadata.annotations?.[SCHEDULING_ANNOTATION]);
    expect(note?.node).toBe(bound[0]!.spec.nodeName);
    expect(note?.scores.map(([n]) => n).sort()).toEqual(["n1", "n2"]);

    await eventually(async () => scheduled(await pod("big"))?.status === "False", 5_000, "big marked unschedulable");
    const waiting = await pod("big");
    expect(waiting.spec.nodeName).toBeUndefined();
    expect(scheduled(waiting)).toMatchObject({ reason: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient cpu." });
    // Written once: the scheduler's own write does not make it try (and write) again. Shown by a
    // later event: a pod made after that write is bound only once the scheduler has handled it.
    await store.create(makePod("marker"));
    await eventually(async () => Boolean((await pod("marker")).spec.nodeName), 5_000, "marker bound");
    expect((await pod("big")).metadata.resourceVersion).toBe(waiting.metadata.resourceVersion);

    await store.create(makeNode("n3", { cpu: "4", memory: "8Gi" }));
    await eventually(async () => (await pod("big")).spec.nodeName === "n3", 5_000, "big bound to n3");
    expect(scheduled(await pod("big"))?.status).toBe("True");
  });

  it("counts the pods it bound in this pass, so two cannot take the last slot", async () => {
    const pods = ["a", "b", "c"].map((n) => makePod(n));
    const { pod } = await setup([makeNode("n1", { pods: 2 }), ...pods]);
    await eventually(async () => (await Promise.all(["a", "b", "c"].map(pod))).every((p) => scheduled(p)), 5_000, "all decided");
    const all = await Promise.all(["a", "b", "c"].map(pod));
    expect(all.filter((p) => p.spec.nodeName === "n1")).toHaveLength(2);
    expect(all.map((p) => scheduled(p)?.message).filter(Boolean)).toEqual(["0/1 nodes are available: 1 Too many pods."]);
  });

  it("re-reads and decides again when the pod changed under it", async () => {
    let interfered = false;
    const { pod } = await setup([makeNode("n1"), makePod("p")], {}, (store) => {
      const wrapped: Store = Object.create(store) as Store;
      wrapped.update = async (obj) => {
        if (!interfered && obj.kind === "Pod") {
          interfered = true; // someone else writes the pod first: our write is now stale
          const current = (await store.get({ kind: "Pod", namespace: "default", name: "p" }))!;
          await store.update({ ...current, metadata: { ...current.metadata, labels: { touched: "yes" } } });
        }
        return store.update(obj);
      };
      return wrapped;
    });
    await eventually(async () => (await pod("p")).spec.nodeName === "n1", 5_000, "p bound");
    expect((await pod("p")).metadata.labels).toEqual({ touched: "yes" });
  });

  it("binds a pod once a pod in its way finishes", async () => {
    const { store, pod } = await setup([makeNode("n1", { cpu: "1" }), makePod("job", { cpu: "1", nodeName: "n1", phase: "Running" }), makePod("next", { cpu: "1" })]);
    await eventually(async () => scheduled(await pod("next"))?.status === "False", 5_000, "next waits");
    const job = await pod("job");
    await store.update({ ...job, status: { ...job.status, phase: "Succeeded" } });
    await eventually(async () => (await pod("next")).spec.nodeName === "n1", 5_000, "next bound");
  });

  it("retries parked pods periodically, for what only a user's plugin can see", async () => {
    const open: FilterPlugin = {
      name: "OpenForBusiness",
      filter: (_p, n) => (n.node.metadata.annotations?.open === "yes" ? fit : unfit("node(s) were closed")),
    };
    const { store, pod } = await setup([makeNode("n1"), makePod("p")], { plugins: [...defaultPlugins(), open], retryIntervalMs: 50 });
    await eventually(async () => scheduled(await pod("p"))?.message === "0/1 nodes are available: 1 node(s) were closed.", 5_000, "closed");
    const n1 = (await store.get({ kind: "Node", name: "n1" })) as Node;
    await store.update({ ...n1, metadata: { ...n1.metadata, annotations: { open: "yes" } } }); // not a change the scheduler watches for
    await eventually(async () => (await pod("p")).spec.nodeName === "n1", 5_000, "p bound");
  });

  it("leaves alone pods that are bound, finished, or being deleted", async () => {
    const deleting = makePod("deleting");
    deleting.metadata.deletionTimestamp = now.toISOString();
    const { store, pod } = await setup([makeNode("n1"), makePod("bound", { nodeName: "elsewhere" }), makePod("done", { phase: "Succeeded" }), deleting, makePod("p")]);
    await eventually(async () => (await pod("p")).spec.nodeName === "n1", 5_000, "p bound");
    for (const name of ["bound", "done", "deleting"]) expect((await pod(name)).metadata.resourceVersion).toBe("1");
    expect(store.revision()).toBe(2);
  });

  it("runs on the server's shared informers: no cache of its own", async () => {
    const t = await tempStore();
    cleanups.push(t.close);
    await t.store.commit([makeNode("n1"), makePod("p")].map((object) => ({ type: "create" as const, object })));
    const informers = new SharedInformers(t.store, silentLog, { freeze: true });
    const ac = new AbortController();
    informers.start(ac.signal);
    const running = new Scheduler({ store: t.store, informers, log: silentLog, clock: () => now, retryIntervalMs: 60_000 }).start(ac.signal);
    cleanups.push(async () => {
      ac.abort();
      await running;
    });
    await eventually(async () => ((await t.store.get({ kind: "Pod", namespace: "default", name: "p" })) as Pod).spec.nodeName === "n1", 5_000, "p bound");
    await eventually(() => informers.for<Pod>("Pod").get("default/p")?.spec.nodeName === "n1", 5_000, "the shared cache shows the bind");
  });
});
