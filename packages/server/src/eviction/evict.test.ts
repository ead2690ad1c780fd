import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DisruptionBudgetError, NotFoundError, type PodDisruptionBudget } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { ObjectService } from "../objects/objects.js";
import { budget, counted, pod, T0 } from "../controllers/disruption/test-fixtures.js";
import { evictPod, SeveralBudgetsError } from "./evict.js";

let dir: string;
let store: LevelStore;
let objects: ObjectService;
const now = () => T0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-evict-"));
  store = await LevelStore.open(join(dir, "db"));
  objects = new ObjectService(store, now);
  await objects.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Store a budget with its status as the controller would have written it. */
async function storeBudget(b: PodDisruptionBudget): Promise<void> {
  const { status, ...rest } = b;
  const created = await objects.create(rest);
  if (status) await objects.updateStatus({ ...created.object, status });
}

const readBudget = async () => (await objects.get({ kind: "PodDisruptionBudget", namespace: "default", name: "web-pdb" })) as PodDisruptionBudget;
const podExists = async (name: string) => objects.get({ kind: "Pod", namespace: "default", name }).then(() => true, (e) => (e instanceof NotFoundError ? false : Promise.reject(e)));

async function storePod(name: string): Promise<void> {
  const p = pod(name, { owner: null });
  const { status, metadata, ...rest } = p;
  const created = await objects.create({ ...rest, metadata: { name: metadata.name, namespace: metadata.namespace, labels: metadata.labels } });
  await objects.updateStatus({ ...created.object, status });
}

describe("evictPod", () => {
  it("deletes a pod no budget covers", async () => {
    await storePod("web-a");
    await evictPod(objects, "default", "web-a", {}, now);
    expect(await podExists("web-a")).toBe(false);
  });

  it("spends one disruption of the budget, records the pod, and deletes it", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    await evictPod(objects, "default", "web-a", {}, now);
    expect(await podExists("web-a")).toBe(false);
    expect((await readBudget()).status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { "web-a": "2024-01-01T00:00:00Z" } });
  });

  it("refuses with the budget's name when none is allowed, and deletes nothing", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 2 }, counted(0, 2, 2)));
    const err = await evictPod(objects, "default", "web-a", {}, now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisruptionBudgetError);
    expect(err).toMatchObject({ budget: "web-pdb", message: "Cannot evict pod as it would violate the pod's disruption budget.", reason: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" });
    expect(await podExists("web-a")).toBe(true);
  });

  it("refuses a pod two budgets cover", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    await storeBudget({ ...budget({ minAvailable: 1 }, counted(1, 2, 1)), metadata: { name: "second", namespace: "default", generation: 1 } });
    await expect(evictPod(objects, "default", "web-a", {}, now)).rejects.toBeInstanceOf(SeveralBudgetsError);
    expect(await podExists("web-a")).toBe(true);
  });

  it("changes nothing on a dry run", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    await evictPod(objects, "default", "web-a", { dryRun: true }, now);
    expect(await podExists("web-a")).toBe(true);
    expect((await readBudget()).status?.disruptionsAllowed).toBe(1);
  });

  it("lets only one of two evictions at once spend the last disruption", async () => {
    await storePod("web-a");
    await storePod("web-b");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    const results = await Promise.allSettled([evictPod(objects, "default", "web-a", {}, now), evictPod(objects, "default", "web-b", {}, now)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DisruptionBudgetError);
  });

  it("says the pod is not found", async () => {
    await expect(evictPod(objects, "default", "nope", {}, now)).rejects.toBeInstanceOf(NotFoundError);
  });
});
