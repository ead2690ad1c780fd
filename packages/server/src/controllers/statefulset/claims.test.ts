import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PersistentVolumeClaim, Pod, StatefulSetSpec } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { tempStore } from "../../informer/test-support.js";
import { harness, type Harness } from "../framework/testing.js";
import type { EventRecorder } from "../../events/recorder.js";
import { ownedByPod, replicaClaims } from "./claims.js";
import { reconcileStatefulSet } from "./controller.js";
import { makeSet } from "./testing.js";

const templates: Partial<StatefulSetSpec> = {
  volumeClaimTemplates: [{ metadata: { name: "data", labels: { tier: "db" } }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
};

describe("replicaClaims", () => {
  it("names replica 0's claim data-web-0, with the template's and the selector's labels, owned by no one by default", () => {
    const [claim] = replicaClaims(makeSet(templates), 0);
    expect(claim?.metadata).toEqual({ name: "data-web-0", namespace: "default", labels: { tier: "db", app: "web" } });
    expect(claim?.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" });
  });

  it("makes the set own its claims when whenDeleted is Delete", () => {
    const [claim] = replicaClaims(makeSet({ ...templates, persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" } }), 2);
    expect(claim?.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "StatefulSet", name: "web", uid: "uid-web" })]);
  });

  it("adds a condemned pod as an owner once", () => {
    const [claim] = replicaClaims(makeSet(templates), 1) as [PersistentVolumeClaim];
    const pod = { metadata: { name: "web-1", uid: "p1" } } as Pod;
    const owned = ownedByPod(claim, pod);
    expect(owned?.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Pod", name: "web-1", uid: "p1" }]);
    expect(ownedByPod(owned!, pod)).toBeUndefined();
  });
});

describe("StatefulSet controller: claims", () => {
  let store: LevelStore;
  let close: () => Promise<void>;
  let h: Harness;
  const recorder: EventRecorder = { record: () => undefined };
  beforeEach(async () => {
    ({ store, close } = await tempStore());
    h = await harness(reconcileStatefulSet, { store, events: recorder, kinds: ["StatefulSet", "Pod", "PersistentVolumeClaim"] });
  });
  afterEach(async () => {
    h.stop();
    await close();
  });
  const claims = async () => ((await store.list("PersistentVolumeClaim", { namespace: "default" })).items as PersistentVolumeClaim[]).map((c) => c.metadata.name);

  it("creates each replica's claim before its pod, once, and the pod mounts it", async () => {
    await h.store.create(makeSet({ ...templates, replicas: 2, podManagementPolicy: "Parallel" }));
    await h.run("default/web");
    await h.run("default/web");
    expect(await claims()).toEqual(["data-web-0", "data-web-1"]);
    const pod = (await store.get({ kind: "Pod", namespace: "default", name: "web-0" })) as Pod;
    expect(pod.spec.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "data-web-0" } });
  });

  it("whenScaled Delete: a replica removed by a scale-down gets its pod as the owner of its claim", async () => {
    await h.store.create(makeSet({ ...templates, replicas: 1, podManagementPolicy: "Parallel", persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Delete" } }));
    await h.run("default/web");
    const set = await store.get({ kind: "StatefulSet", namespace: "default", name: "web" });
    await h.store.update({ ...set!, spec: { ...(set!.spec as StatefulSetSpec), replicas: 0 } });
    const pod = (await store.get({ kind: "Pod", namespace: "default", name: "web-0" })) as Pod;
    await h.run("default/web");
    const claim = (await store.get({ kind: "PersistentVolumeClaim", namespace: "default", name: "data-web-0" })) as PersistentVolumeClaim;
    expect(claim.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Pod", name: "web-0", uid: pod.metadata.uid }]);
  });
});
