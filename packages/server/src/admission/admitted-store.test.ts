import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Pod, ReplicaSet } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { tempStore } from "../informer/test-support.js";
import { harness } from "../controllers/framework/testing.js";
import type { EventRecorder } from "../events/recorder.js";
import { reconcileReplicaSet } from "../controllers/replicaset/replicaset-controller.js";
import { replicaSet } from "../controllers/replicaset/test-fixtures.js";
import { limitRange, pod, quota } from "../quota/test-fixtures.js";
import { admittedStore } from "./admitted-store.js";
import { AdmissionChain } from "./chain.js";
import { RecordingWebhooks } from "./test-webhooks.js";

let store: LevelStore;
let close: () => Promise<void>;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };
beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
});
afterEach(async () => close());

describe("the controllers' store: the admission chain, then the quota at the commit", () => {
  it("gives a controller's new pod its ServiceAccount and the LimitRange defaults, and returns it as stored", async () => {
    await store.create(limitRange({ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }));
    const [stored] = await admittedStore(store, new AdmissionChain(store)).commit([{ type: "create", object: pod("web") }]);
    expect((stored as Pod).spec.serviceAccountName).toBe("default");
    expect((stored as Pod).spec.containers[0]?.resources).toEqual({ limits: { cpu: "500m" }, requests: { cpu: "100m" } });
    expect(((await store.get({ kind: "Pod", namespace: "team-a", name: "web" })) as Pod).spec.containers[0]?.resources?.limits).toEqual({ cpu: "500m" });
  });

  it("defaults before it charges: a quota on limits.cpu admits a pod the LimitRange gave a limit", async () => {
    await store.create(limitRange({ type: "Container", default: { cpu: "500m" } }));
    await store.create(quota("q", { "limits.cpu": "1" }, { "limits.cpu": "0" }));
    const admitted = admittedStore(store, new AdmissionChain(store));
    await admitted.create(pod("a"));
    await admitted.create(pod("b"));
    await expect(admitted.create(pod("c"))).rejects.toThrow("exceeded quota: q, requested: limits.cpu=500m, used: limits.cpu=1, limited: limits.cpu=1");
  });

  it("asks the webhooks about a status-only update as the status subresource, with the stored object", async () => {
    const webhooks = new RecordingWebhooks({ kinds: ["ReplicaSet"] });
    const chain = new AdmissionChain(store);
    chain.webhooks = webhooks;
    const admitted = admittedStore(store, chain);
    const rs = (await admitted.create(replicaSet("web", 1))) as ReplicaSet;
    const withStatus = (await admitted.update({ ...rs, status: { replicas: 1 } })) as ReplicaSet;
    await admitted.update({ ...withStatus, spec: { ...withStatus.spec, replicas: 2 } });
    expect(webhooks.asked.map((a) => `${a.phase} ${a.operation} ${a.subresource || "-"} ${a.oldObject?.metadata.resourceVersion ?? "-"}`)).toEqual([
      "mutate CREATE - -",
      "validate CREATE - -",
      `mutate UPDATE status ${rs.metadata.resourceVersion}`,
      `validate UPDATE status ${rs.metadata.resourceVersion}`,
      `mutate UPDATE - ${withStatus.metadata.resourceVersion}`,
      `validate UPDATE - ${withStatus.metadata.resourceVersion}`,
    ]);
  });

  it("makes a ReplicaSet whose pods a webhook denies record FailedCreate with the webhook's words, store no pod, and fail for back-off", async () => {
    const chain = new AdmissionChain(store);
    chain.webhooks = new RecordingWebhooks({ deny: (o) => (o.metadata.labels?.team ? undefined : "pods need a team label") });
    const h = await harness(reconcileReplicaSet, { store: admittedStore(store, chain), events: recorder, kinds: ["ReplicaSet", "Pod"] });
    await h.store.create(replicaSet("web", 3));
    await expect(h.run("default/web")).rejects.toThrow("pods need a team label");
    h.stop();
    expect((await store.list("Pod", { namespace: "default" })).items).toHaveLength(0);
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(0);
    expect(events.filter((e) => e.reason === "FailedCreate").map((e) => e.message)).toEqual(['Error creating: admission webhook "test" denied the request: pods need a team label']);
  });
});
