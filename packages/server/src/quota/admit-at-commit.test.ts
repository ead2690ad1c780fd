import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PermissionDeniedError, type ResourceQuota } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { tempStore } from "../informer/test-support.js";
import { quotaStore } from "./admit-at-commit.js";
import { pod, quota } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ store, close } = await tempStore());
});
afterEach(async () => close());

const readQuota = async () => (await store.get({ kind: "ResourceQuota", namespace: "team-a", name: "q" })) as ResourceQuota;

describe("admission at the commit", () => {
  it("lets exactly 4 of 12 concurrent pod creates pass a quota of 4 pods, and records 4 used", async () => {
    await store.create(quota("q", { pods: "4" }, { pods: "0" }));
    const admitted = quotaStore(store);
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => admitted.create(pod(`web-${i}`))));
    const passed = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    expect(passed).toHaveLength(4);
    expect(refused).toHaveLength(8);
    for (const err of refused) {
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err.message).toMatch(/^pods "web-\d+" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4$/);
    }
    expect((await store.list("Pod", { namespace: "team-a" })).items).toHaveLength(4);
    expect((await readQuota()).status?.used).toEqual({ pods: "4" });
  });

  it("counts a quota its controller has not counted yet, from the store", async () => {
    await store.create(pod("old-1"));
    await store.create(pod("old-2"));
    await store.create(quota("q", { pods: "3" }));
    const admitted = quotaStore(store);
    await admitted.create(pod("new-1"));
    await expect(admitted.create(pod("new-2"))).rejects.toThrow("exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3");
    expect((await readQuota()).status).toEqual({ hard: { pods: "3" }, used: { pods: "3" } });
  });

  it("refuses a whole commit when one of its creates does not fit, and writes none of it", async () => {
    await store.create(quota("q", { pods: "2" }, { pods: "1" }));
    await expect(quotaStore(store).commit([{ type: "create", object: pod("a") }, { type: "create", object: pod("b") }])).rejects.toThrow('pods "b" is forbidden');
    expect((await store.list("Pod", { namespace: "team-a" })).items).toHaveLength(0);
    expect((await readQuota()).status?.used).toEqual({ pods: "1" });
  });

  it("passes other namespaces, updates and cluster-scoped creates through untouched", async () => {
    await store.create(quota("q", { pods: "0" }, { pods: "0" }));
    const admitted = quotaStore(store);
    await admitted.create({ ...pod("elsewhere"), metadata: { name: "elsewhere", namespace: "team-b" } });
    await admitted.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-c" } });
    expect((await readQuota()).status?.used).toEqual({ pods: "0" });
  });
});
