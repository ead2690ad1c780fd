// An agent's status report is written in one commit (up to 100 pods, within etcd's 128 operations
// per transaction): one revision (one fsync) for the batch,
// compare-and-swap on every pod, and a pod that changes or goes meanwhile does not lose the others.
import { afterEach, describe, expect, it } from "vitest";
import type { Pod, PodStatus } from "@skiff/api";
import type { Store } from "@skiff/store";
import { silentLog, tempStore } from "../informer/test-support.js";
import { Dispatcher, type StatusReport } from "./dispatcher.js";
import { testRegistration } from "./test-registration.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reg = testRegistration();
const pod = (name: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}` },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "img:1" }] },
  status: { phase: "Pending" },
});
const running: PodStatus = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
const report = (name: string, status: PodStatus = running): StatusReport => ({ namespace: "default", name, uid: `uid-${name}`, statusJson: JSON.stringify(status) });

async function setup(wrap?: (s: Store) => Store) {
  const t = await tempStore();
  cleanups.push(t.close);
  const store = wrap ? wrap(t.store) : t.store;
  const dispatcher = new Dispatcher(store, { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 }, silentLog);
  const { session } = await dispatcher.register(reg);
  await t.store.commit(["a", "b", "c"].map((n) => ({ type: "create" as const, object: pod(n) })));
  const phase = async (n: string) => ((await t.store.get({ kind: "Pod", namespace: "default", name: n })) as Pod).status?.phase;
  return { store: t.store, dispatcher, session, phase };
}

describe("Dispatcher.updateStatus", () => {
  it("writes the statuses of one report in one commit", async () => {
    const { store, dispatcher, session, phase } = await setup();
    const before = store.revision();
    await dispatcher.updateStatus(session.id, [report("a"), report("b"), report("c")]);
    expect(store.revision()).toBe(before + 1);
    expect(await Promise.all(["a", "b", "c"].map(phase))).toEqual(["Running", "Running", "Running"]);
    // Nothing changed: nothing written.
    await dispatcher.updateStatus(session.id, [report("a"), report("b")]);
    expect(store.revision()).toBe(before + 1);
  });

  it("applies two reports on one pod in order, and skips a pod deleted meanwhile", async () => {
    let armed = false;
    const { store, dispatcher, session, phase } = await setup((inner) => {
      const wrapped = Object.create(inner) as Store;
      wrapped.commit = async (ops) => {
        if (armed) {
          armed = false; // the pod goes between our read and our write
          await inner.delete({ kind: "Pod", namespace: "default", name: "c" });
        }
        return inner.commit(ops);
      };
      return wrapped;
    });
    armed = true;
    await dispatcher.updateStatus(session.id, [report("a", { phase: "Running" }), report("a", { phase: "Succeeded" }), report("b"), report("c")]);
    expect(await phase("a")).toBe("Succeeded");
    expect(await phase("b")).toBe("Running");
    expect(await store.get({ kind: "Pod", namespace: "default", name: "c" })).toBeUndefined();
  });

  it("writes a report on 250 pods in commits that each fit one etcd transaction", async () => {
    const sizes: number[] = [];
    const { store, dispatcher, session, phase } = await setup((inner) => {
      const wrapped = Object.create(inner) as Store;
      wrapped.commit = async (ops) => {
        sizes.push(ops.length);
        return inner.commit(ops);
      };
      return wrapped;
    });
    const names = Array.from({ length: 250 }, (_, i) => `p${i}`);
    await store.commit(names.map((n) => ({ type: "create" as const, object: pod(n) })));
    sizes.length = 0;
    await dispatcher.updateStatus(session.id, names.map((n) => report(n)));
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(await Promise.all(names.map(phase)))).toEqual(new Set(["Running"]));
  });
});
