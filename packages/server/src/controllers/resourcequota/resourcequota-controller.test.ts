import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResourceQuota } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import { pod, quota } from "../../quota/test-fixtures.js";
import { RESYNC_MS, reconcileResourceQuota } from "./resourcequota-controller.js";

let store: LevelStore;
let close: () => Promise<void>;
const recorder: EventRecorder = { record: () => {} };
beforeEach(async () => {
  ({ store, close } = await tempStore());
});
afterEach(async () => close());

const status = async () => ((await store.get({ kind: "ResourceQuota", namespace: "team-a", name: "q" })) as ResourceQuota).status;

describe("resource quota controller", () => {
  it("counts a new quota, and gives back what deleted and finished pods freed", async () => {
    const h = await harness(reconcileResourceQuota, { store, events: recorder, kinds: ["ResourceQuota", "Pod"] });
    await h.store.create(pod("a", [{ requests: { cpu: "100m" } }]));
    await h.store.create(pod("b", [{ requests: { cpu: "200m" } }]));
    await h.store.create(pod("c", [{ requests: { cpu: "300m" } }]));
    await h.store.create(quota("q", { pods: "4", "requests.cpu": "2" }));
    expect(await h.run("team-a/q")).toEqual({ requeueAfterMs: RESYNC_MS });
    expect(await status()).toEqual({ hard: { pods: "4", "requests.cpu": "2" }, used: { pods: "3", "requests.cpu": "600m" } });

    await h.store.delete({ kind: "Pod", namespace: "team-a", name: "a" });
    const b = await store.get({ kind: "Pod", namespace: "team-a", name: "b" });
    await h.store.update({ ...(b as object), status: { phase: "Succeeded" } } as never);
    await h.run("team-a/q");
    expect((await status())?.used).toEqual({ pods: "1", "requests.cpu": "300m" });
  });

  it("does not write when the status is already right", async () => {
    const h = await harness(reconcileResourceQuota, { store, events: recorder, kinds: ["ResourceQuota", "Pod"] });
    const stored = await h.store.create(quota("q", { pods: "4" }, { pods: "0" }));
    await h.run("team-a/q");
    expect((await store.get({ kind: "ResourceQuota", namespace: "team-a", name: "q" }))?.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
  });
});
