// One node's Assignments stream against a real store: what it sends, and that the rest of the
// cluster's writes never even reach it (the watch is filtered at the source).
import { afterEach, describe, expect, it } from "vitest";
import type { ApiObject, Pod } from "@skiff/api";
import type { Store, WatchEvent } from "@skiff/store";
import type { AssignmentsMessage } from "@skiff/proto";
import { eventually, silentLog, tempStore } from "../informer/test-support.js";
import { streamAssignments } from "./assignments-stream.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const pod = (name: string, nodeName: string, secret?: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}` },
  spec: { nodeName, containers: [{ name: "c", image: "i" }], ...(secret ? { volumes: [{ name: "s", secret: { secretName: secret } }] } : {}) },
});
const secret = (name: string, value = "v"): ApiObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "default" }, data: { k: value } });
const service: ApiObject = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { ports: [{ port: 80 }] } };

async function run(objects: ApiObject[]) {
  const t = await tempStore();
  cleanups.push(t.close);
  await t.store.commit(objects.map((object) => ({ type: "create", object })));
  const delivered: WatchEvent[] = [];
  const counting: Store = Object.create(t.store) as Store;
  counting.watch = (options) =>
    (async function* () {
      for await (const ev of t.store.watch(options)) {
        delivered.push(ev);
        yield ev;
      }
    })();
  const messages: AssignmentsMessage[] = [];
  const ac = new AbortController();
  const done = streamAssignments({ store: counting, nodeName: "n1", log: silentLog, signal: ac.signal, send: async (m) => void messages.push(m) }).catch(() => undefined);
  cleanups.push(async () => {
    ac.abort();
    await done;
  });
  const sent = () => messages.flatMap((m) => (m.changes ?? []).map((c) => `${m.type} ${c.action} ${c.kind} ${(JSON.parse(c.objectJson ?? "{}") as ApiObject).metadata.name}`));
  await eventually(() => messages.length > 0, 5_000, "COMPLETE");
  return { store: t.store, sent, delivered };
}

describe("streamAssignments", () => {
  it("sends a node its pods, the configs they use and the Services, and hears nothing else", async () => {
    const { store, sent, delivered } = await run([pod("a", "n1", "db"), pod("b", "n2", "other"), secret("db"), secret("other"), secret("spare"), service]);
    expect(sent()).toEqual(["COMPLETE UPDATE Service web", "COMPLETE UPDATE Secret db", "COMPLETE UPDATE Pod a"]);

    // The rest of the cluster busy: another node's pods, configs no pod here uses.
    for (let i = 0; i < 5; i++) {
      await store.create(pod(`x${i}`, "n2", "other"));
      await store.update({ ...secret("other", `v${i}`) });
      await store.update({ ...secret("spare", `v${i}`) });
    }
    // Then a new pod here, using a config it did not need before.
    await store.create(pod("c", "n1", "spare"));
    await eventually(() => sent().length === 5, 5_000, "the new pod");
    expect(sent().slice(3)).toEqual(["INCREMENTAL UPDATE Secret spare", "INCREMENTAL UPDATE Pod c"]);
    expect(delivered.map((e) => e.object.metadata.name)).toEqual(["c"]);

    // Its config changes now reach it; the last pod using it gone, it is told to forget it.
    await store.update(secret("spare", "new"));
    await store.delete({ kind: "Pod", namespace: "default", name: "c" });
    await eventually(() => sent().length === 8, 5_000, "update and removal");
    expect(sent().slice(5)).toEqual(["INCREMENTAL UPDATE Secret spare", "INCREMENTAL REMOVE Pod c", "INCREMENTAL REMOVE Secret spare"]);
  });
});
