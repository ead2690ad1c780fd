import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PermissionDeniedError, type Pod, type ResourceQuota } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import type { EventRecorder } from "../../events/recorder.js";
import { quotaStore } from "../../quota/admit-at-commit.js";
import { reconcileReplicaSet } from "./replicaset-controller.js";
import { replicaSet } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };

beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
});
afterEach(async () => close());

describe("a ReplicaSet whose new pods admission refuses", () => {
  it("makes the pods a quota of 4 still allows, one by one, and reports the refusal as FailedCreate", async () => {
    const quota: ResourceQuota = { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: "default" }, spec: { hard: { pods: "4" } } };
    await store.create(quota);
    const h = await harness(reconcileReplicaSet, { store: quotaStore(store), events: recorder, kinds: ["ReplicaSet", "Pod"] });
    await h.store.create(replicaSet("web", 6));
    await expect(h.run("default/web")).rejects.toBeInstanceOf(PermissionDeniedError);
    h.stop();
    expect(((await store.list("Pod", { namespace: "default" })).items as Pod[]).length).toBe(4);
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(4);
    const failed = events.filter((e) => e.reason === "FailedCreate");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toMatch(/^Error creating: pods "web-\w+" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4$/);
  });
});
