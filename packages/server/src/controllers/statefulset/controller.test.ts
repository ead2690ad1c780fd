import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { revisionTemplate, type ControllerRevision, type Pod, type StatefulSet } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { tempStore } from "../../informer/test-support.js";
import { harness, type Harness } from "../framework/testing.js";
import type { EventRecorder } from "../../events/recorder.js";
import { reconcileStatefulSet } from "./controller.js";
import { CURRENT_TEMPLATE_ANNOTATION } from "./revision.js";
import { makeSet } from "./testing.js";

let store: LevelStore;
let close: () => Promise<void>;
let h: Harness;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };

beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
  h = await harness(reconcileStatefulSet, { store, events: recorder, kinds: ["StatefulSet", "Pod", "ControllerRevision"] });
});
afterEach(async () => {
  h.stop();
  await close();
});

const reconcile = () => h.run("default/web");
const pods = async () => (await store.list("Pod", { namespace: "default" })).items as Pod[];
const getSet = async () => (await store.get({ kind: "StatefulSet", namespace: "default", name: "web" })) as StatefulSet;
const setPhase = async (name: string, ready: boolean) => {
  const pod = (await store.get({ kind: "Pod", namespace: "default", name })) as Pod;
  await h.store.update({ ...pod, status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] } });
};

describe("StatefulSet controller shell", () => {
  it("reconciling twice in a row creates web-0 once, and web-1 only after web-0 is Ready", async () => {
    await h.store.create(makeSet({ podManagementPolicy: "OrderedReady" }));
    await reconcile();
    await reconcile();
    expect((await pods()).map((p) => p.metadata.name)).toEqual(["web-0"]);
    expect(events).toEqual([{ reason: "SuccessfulCreate", message: "create Pod web-0 in StatefulSet web successful" }]);
    const [web0] = await pods();
    expect(web0?.metadata.uid).toBeTruthy();
    expect(web0?.metadata.creationTimestamp).toBeTruthy();

    await setPhase("web-0", true);
    await reconcile();
    expect((await pods()).map((p) => p.metadata.name)).toEqual(["web-0", "web-1"]);
  });

  it("stores the status and the current revision's template on the set", async () => {
    await h.store.create(makeSet({ replicas: 1 }));
    await reconcile();
    await setPhase("web-0", true);
    await reconcile();
    const set = await getSet();
    expect(set.status).toMatchObject({ replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, observedGeneration: 1 });
    expect(set.status?.currentRevision).toBe(set.status?.updateRevision);
    expect(JSON.parse(set.metadata.annotations?.[CURRENT_TEMPLATE_ANNOTATION] ?? "")).toEqual(set.spec.template);
  });

  it("keeps one ControllerRevision per template, numbered, owned by the set, holding the template", async () => {
    await h.store.create(makeSet({ replicas: 1 }));
    await reconcile();
    const first = await getSet();
    const image = (n: number) => ({ ...first.spec.template, spec: { ...first.spec.template.spec, containers: [{ ...first.spec.template.spec.containers[0]!, image: `busybox:${n}` }] } });
    await h.store.update({ ...first, spec: { ...first.spec, template: image(2) } });
    await reconcile();
    const revisions = async () => ((await store.list("ControllerRevision", { namespace: "default" })).items as ControllerRevision[]).sort((a, b) => a.revision - b.revision);
    const made = await revisions();
    expect(made.map((r) => r.revision)).toEqual([1, 2]);
    expect(made.map((r) => r.metadata.ownerReferences?.[0]?.uid)).toEqual([first.metadata.uid, first.metadata.uid]);
    expect(revisionTemplate(made[0]!)).toEqual(first.spec.template);
    expect(revisionTemplate(made[1]!)?.spec.containers[0]?.image).toBe("busybox:2");
    // The names are the revisions the pods and the status name.
    const set = await getSet();
    expect(made[1]!.metadata.name).toBe(set.status?.updateRevision);
    // Going back to the first template renumbers its revision newest, as Kubernetes does.
    await h.store.update({ ...set, spec: { ...set.spec, template: first.spec.template } });
    await reconcile();
    expect((await revisions()).map((r) => [r.metadata.name, r.revision])).toEqual([[made[1]!.metadata.name, 2], [made[0]!.metadata.name, 3]]);
  });

  it("records SuccessfulDelete when it scales down", async () => {
    await h.store.create(makeSet({ replicas: 1, podManagementPolicy: "Parallel" }));
    await reconcile();
    const set = await getSet();
    await h.store.update({ ...set, spec: { ...set.spec, replicas: 0 } });
    await reconcile();
    expect(await pods()).toEqual([]);
    expect(events.map((e) => e.message)).toContain("delete Pod web-0 in StatefulSet web successful");
  });

  it("does nothing for a set that is gone", async () => {
    await expect(reconcile()).resolves.toBeUndefined();
  });
});
