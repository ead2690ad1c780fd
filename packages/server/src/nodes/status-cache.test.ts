// Status reports take each pod from the leader's Pod informer when every report on it will be
// written (the commit is compare-and-swap on that version), and from the store otherwise: a stale
// cache costs a retry, never a lost or wrong status.
import { afterEach, describe, expect, it } from "vitest";
import type { ApiObject, ObjectRef, Pod, PodStatus } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer } from "../informer/index.js";
import { eventually, silentLog, tempStore } from "../informer/test-support.js";
import { Dispatcher, type PodCache, type StatusReport } from "./dispatcher.js";
import { testRegistration } from "./test-registration.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reg = testRegistration();
const pod = (name: string, uid = `uid-${name}`): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "img:1" }] },
  status: { phase: "Pending" },
});
const running: PodStatus = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
const report = (name: string, status: PodStatus = running): StatusReport => ({ namespace: "default", name, uid: `uid-${name}`, statusJson: JSON.stringify(status) });
const ref = (name: string): ObjectRef => ({ kind: "Pod", namespace: "default", name });

/** A dispatcher on a real store that counts its reads of Pods. */
async function setup() {
  const t = await tempStore();
  cleanups.push(t.close);
  const podReads: string[] = [];
  const read = t.store.get.bind(t.store);
  const counted: Store = new Proxy(t.store, {
    get: (target, name) => (name === "get" ? (r: ObjectRef): Promise<ApiObject | undefined> => (r.kind === "Pod" && podReads.push(r.name), read(r)) : Reflect.get(target, name, target)),
  });
  const dispatcher = new Dispatcher(counted, { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 }, silentLog);
  const { session } = await dispatcher.register(reg);
  const stored = async (name: string) => (await t.store.get(ref(name))) as Pod;
  return { store: t.store, dispatcher, session, podReads, stored };
}

/** A cache that holds exactly the pods given (a stale one, if the store has moved on). */
const fixedCache = (...pods: Pod[]): PodCache => {
  const byKey = new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  return { get: (k) => byKey.get(k), hasSynced: () => true };
};

describe("Dispatcher.updateStatus with the Pod informer", () => {
  it("takes a pod that will be written from the informer, and decides a skip on the store's copy", async () => {
    const { store, dispatcher, session, podReads, stored } = await setup();
    const informer = new Informer<Pod>(store, { kind: "Pod", log: silentLog, freeze: true });
    const ac = new AbortController();
    cleanups.push(() => ac.abort());
    void informer.start(ac.signal);
    await informer.synced;
    dispatcher.podCache = informer;
    const created = await store.create(pod("a"));
    await eventually(() => informer.get("default/a")?.metadata.resourceVersion === created.metadata.resourceVersion);

    await dispatcher.updateStatus(session.id, [report("a")]);
    expect((await stored("a")).status?.phase).toBe("Running");
    expect(podReads).toEqual([]);

    // The same status again: "unchanged" is decided on the store's pod, and nothing is written.
    const revision = store.revision();
    await dispatcher.updateStatus(session.id, [report("a")]);
    expect(podReads).toEqual(["a"]);
    expect(store.revision()).toBe(revision);
  });

  it("writes the status over a pod that changed since the cache saw it (a retry from the store)", async () => {
    const { store, dispatcher, session, podReads, stored } = await setup();
    const old = (await store.create(pod("a"))) as Pod;
    await store.update({ ...old, metadata: { ...old.metadata, labels: { changed: "yes" } } });
    dispatcher.podCache = fixedCache(old);

    await dispatcher.updateStatus(session.id, [report("a")]);
    const now = await stored("a");
    expect(now.status?.phase).toBe("Running");
    expect(now.metadata.labels).toEqual({ changed: "yes" });
    expect(podReads).toEqual(["a"]);
  });

  it("writes a report on a pod the cache still knows by its old uid (replaced since)", async () => {
    const { store, dispatcher, session, stored } = await setup();
    const replaced = (await store.create(pod("a", "uid-old"))) as Pod;
    await store.delete(ref("a"));
    await store.create(pod("a"));
    dispatcher.podCache = fixedCache(replaced);

    await dispatcher.updateStatus(session.id, [report("a")]);
    expect((await stored("a")).status?.phase).toBe("Running");
  });

  it("reads the store while the cache has not synced", async () => {
    const { store, dispatcher, session, podReads, stored } = await setup();
    const created = (await store.create(pod("a"))) as Pod;
    dispatcher.podCache = { get: () => created, hasSynced: () => false };

    await dispatcher.updateStatus(session.id, [report("a")]);
    expect((await stored("a")).status?.phase).toBe("Running");
    expect(podReads).toEqual(["a"]);
  });
});
