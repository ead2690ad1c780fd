import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Pod, ReplicaSet } from "@skiff/api";
import { CommitTooLargeError, type LevelStore, type Store, type WriteOp } from "@skiff/store";
import { eventually, silentLog, tempStore } from "../../informer/test-support.js";
import { Controller } from "../framework/controller.js";
import { SharedInformers } from "../framework/shared-informers.js";
import { harness } from "../framework/testing.js";
import type { EventRecorder } from "../../events/recorder.js";
import { reconcileReplicaSet, replicaSetController } from "./replicaset-controller.js";
import { pod, replicaSet } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };

beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
});
afterEach(async () => close());

const podsOf = async () => (await store.list("Pod", { namespace: "default" })).items as Pod[];


describe("ReplicaSet controller shell", () => {
  it("reconciling twice in a row creates exactly N pods (the second run waits for the cache to show the first's)", async () => {
    const h = await harness(reconcileReplicaSet, { store, events: recorder, kinds: ["ReplicaSet", "Pod"] });
    await h.store.create(replicaSet("web", 3));
    await h.run("default/web");
    await h.run("default/web");
    h.stop();
    const pods = await podsOf();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: "ReplicaSet", name: "web", controller: true });
      expect(p.metadata.labels).toEqual({ app: "web", tier: "front" });
    }
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(3);
    expect(events[0]?.message).toMatch(/^Created pod: web-/);
    const rs = (await store.get({ kind: "ReplicaSet", namespace: "default", name: "web" })) as ReplicaSet;
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 });
  });

  it("scales by 300 in batches that each fit one etcd transaction (128 objects), never more than N", async () => {
    // etcd's limit, enforced around LevelDB: a commit of more than 128 ops is refused as etcd would.
    const sizes: number[] = [];
    const commit = async (ops: WriteOp[]) => {
      sizes.push(ops.length);
      if (ops.length > 128) throw new CommitTooLargeError(`${ops.length} ops`);
      return store.commit(ops);
    };
    const limited: Store = {
      revision: () => store.revision(),
      get: (ref) => store.get(ref),
      list: (kind, options) => store.list(kind, options),
      watch: (options) => store.watch(options),
      close: () => store.close(),
      commit,
      create: async (object) => (await commit([{ type: "create", object }]))[0]!,
      update: async (object) => (await commit([{ type: "update", object }]))[0]!,
      delete: async (ref, resourceVersion) => (await commit([{ type: "delete", ref, resourceVersion }]))[0]!,
    };
    const h = await harness(reconcileReplicaSet, { store: limited, events: recorder, kinds: ["ReplicaSet", "Pod"] });
    await h.store.create(replicaSet("web", 300));
    for (let i = 0; i < 4; i++) await h.run("default/web");
    h.stop();
    expect(await podsOf()).toHaveLength(300);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(128);
    expect(sizes.slice(1)).toEqual([126, 126, 51]); // 125 pods + the status, twice; then 50 + the status
    const rs = (await store.get({ kind: "ReplicaSet", namespace: "default", name: "web" })) as ReplicaSet;
    expect(rs.status).toMatchObject({ replicas: 300 });
  });

  it("as a running controller: converges, replaces a deleted pod, scales down, never more than N", async () => {
    const informers = new SharedInformers(store, silentLog);
    const controller = new Controller(replicaSetController, { store, informers, events: recorder, log: silentLog });
    const stop = new AbortController();
    let max = 0;
    const watching = (async () => {
      for await (const _ of store.watch({ kind: "Pod", fromRevision: store.revision(), signal: stop.signal })) {
        max = Math.max(max, (await podsOf()).length);
      }
    })().catch(() => undefined);
    informers.start(stop.signal);
    const running = controller.start(stop.signal);
    try {
      await store.create(replicaSet("web", 5));
      await eventually(async () => (await podsOf()).length === 5, 5_000, "5 pods");
      const victim = (await podsOf())[0];
      if (!victim) throw new Error("no pod");
      await store.delete({ kind: "Pod", namespace: "default", name: victim.metadata.name });
      await eventually(async () => {
        const pods = await podsOf();
        return pods.length === 5 && !pods.some((p) => p.metadata.name === victim.metadata.name);
      }, 5_000, "replacement");
      const rs = (await store.get({ kind: "ReplicaSet", namespace: "default", name: "web" })) as ReplicaSet;
      await store.update({ ...rs, spec: { ...rs.spec, replicas: 2 }, metadata: { ...rs.metadata, generation: 2 } });
      await eventually(async () => (await podsOf()).length === 2, 5_000, "scale down to 2");
      await eventually(async () => {
        const now = (await store.get({ kind: "ReplicaSet", namespace: "default", name: "web" })) as ReplicaSet;
        return now.status?.replicas === 2 && now.status.observedGeneration === 2;
      }, 5_000, "status");
      expect(max).toBeLessThanOrEqual(5);
    } finally {
      stop.abort();
      await running;
      await watching;
    }
  });

  it("adopts an orphan pod on the pod's own event (no ReplicaSet event needed)", async () => {
    const informers = new SharedInformers(store, silentLog, { freeze: true });
    const controller = new Controller(replicaSetController, { store, informers, events: recorder, log: silentLog });
    const stop = new AbortController();
    informers.start(stop.signal);
    const running = controller.start(stop.signal);
    try {
      await store.create(replicaSet("web", 2));
      await eventually(async () => (await podsOf()).length === 2, 5_000, "2 pods");
      await eventually(async () => {
        const rs = (await store.get({ kind: "ReplicaSet", namespace: "default", name: "web" })) as ReplicaSet;
        return rs.status?.replicas === 2;
      }, 5_000, "settled");
      // An orphan that matches: one too many, so the ReplicaSet adopts it and removes one.
      await store.create(pod("stray"));
      await eventually(async () => {
        const pods = await podsOf();
        return pods.length === 2 && pods.every((p) => p.metadata.ownerReferences?.[0]?.name === "web");
      }, 5_000, "orphan adopted (or removed as surplus) and 2 pods kept");
    } finally {
      stop.abort();
      await running;
    }
  });
});
