// pods/NAME/eviction through the whole REST handler (routing, body, status.ts), against a real
// ObjectService on a temporary LevelDB: what kubectl drain sends, and the answers it reads.
import { mkdtemp, rm } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PodDisruptionBudget } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "../api/rate-limit.js";
import { budget, counted, pod, T0 } from "../controllers/disruption/test-fixtures.js";
import { silentLog } from "../informer/test-support.js";
import { ObjectService } from "../objects/objects.js";
import { kubeHandler } from "./handler.js";
import { KUBE_PROTOBUF_MAGIC } from "./protobuf/index.js";

let dir: string;
let store: LevelStore;
let objects: ObjectService;
let server: http.Server;
let base: string;
const shutdown = new AbortController();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-kube-evict-"));
  store = await LevelStore.open(join(dir, "db"));
  objects = new ObjectService(store, () => T0);
  await objects.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  const unused = () => Promise.reject(new Error("no agents in this test"));
  const handler = kubeHandler({
    objects,
    agents: { exec: unused, logs: unused } as never,
    rate: new RateLimiter(DEFAULT_RATE_LIMIT),
    log: silentLog,
    shutdown: shutdown.signal,
    maxBodyBytes: 1 << 20,
    address: () => "127.0.0.1:0",
    now: () => T0,
  });
  server = http.createServer((req, res) => void handler.request(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function storePod(name: string): Promise<void> {
  const { status, metadata, ...rest } = pod(name, { owner: null });
  const created = await objects.create({ ...rest, metadata: { name: metadata.name, namespace: metadata.namespace, labels: metadata.labels } });
  await objects.updateStatus({ ...created.object, status });
}
async function storeBudget(b: PodDisruptionBudget): Promise<void> {
  const { status, ...rest } = b;
  const created = await objects.create(rest);
  if (status) await objects.updateStatus({ ...created.object, status });
}

/** What kubectl drain posts (drain.go EvictPod), JSON. */
const eviction = (name: string, apiVersion = "policy/v1", deleteOptions: unknown = {}) => ({ apiVersion, kind: "Eviction", metadata: { name, namespace: "default" }, deleteOptions });

async function evict(name: string, body: unknown, query = ""): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/v1/namespaces/default/pods/${name}/eviction${query}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const exists = async (name: string) => (await fetch(`${base}/api/v1/namespaces/default/pods/${name}`)).status === 200;

describe("POST pods/NAME/eviction", () => {
  it("evicts a pod no budget covers: 201 and a Success Status", async () => {
    await storePod("web-a");
    expect(await evict("web-a", eviction("web-a"))).toEqual({ status: 201, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 } });
    expect(await exists("web-a")).toBe(false);
  });

  it("accepts policy/v1beta1, which older kubectl sends", async () => {
    await storePod("web-a");
    expect((await evict("web-a", eviction("web-a", "policy/v1beta1"))).status).toBe(201);
  });

  it("answers 429 with Kubernetes' message and a DisruptionBudget cause naming the budget, and keeps the pod", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 2 }, counted(0, 2, 2)));
    expect(await evict("web-a", eviction("web-a"))).toEqual({
      status: 429,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        reason: "TooManyRequests",
        details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" }] },
        code: 429,
      },
    });
    expect(await exists("web-a")).toBe(true);
  });

  it("spends the budget: the first of two evictions passes, the second gets 429", async () => {
    await storePod("web-a");
    await storePod("web-b");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    expect((await evict("web-a", eviction("web-a"))).status).toBe(201);
    expect((await evict("web-b", eviction("web-b"))).status).toBe(429);
    const pdb = (await (await fetch(`${base}/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb`)).json()) as PodDisruptionBudget;
    expect(pdb.status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { "web-a": "2024-01-01T00:00:00Z" } });
  });

  it("answers 500 for a pod two budgets cover, as Kubernetes", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    await storeBudget({ ...budget({ minAvailable: 1 }, counted(1, 2, 1)), metadata: { name: "again", namespace: "default" } });
    expect(await evict("web-a", eviction("web-a"))).toMatchObject({
      status: 500,
      body: { status: "Failure", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", code: 500 },
    });
  });

  it("honours dryRun=All from the query: nothing deleted, nothing spent", async () => {
    await storePod("web-a");
    await storeBudget(budget({ minAvailable: 1 }, counted(1, 2, 1)));
    expect((await evict("web-a", eviction("web-a"), "?dryRun=All")).status).toBe(201);
    expect(await exists("web-a")).toBe(true);
  });

  it("refuses an Eviction whose name is not the URL's (400), and a pod that does not exist (404)", async () => {
    await storePod("web-a");
    expect(await evict("web-a", eviction("web-b"))).toMatchObject({ status: 400, body: { message: "name in URL does not match name in Eviction object" } });
    expect(await evict("nope", eviction("nope"))).toMatchObject({ status: 404, body: { reason: "NotFound", message: 'pods "nope" not found' } });
  });

  it("reads the protobuf body kubectl's typed client may send", async () => {
    await storePod("web-a");
    // k8s\0 + Unknown{typeMeta{policy/v1, Eviction}, raw: Eviction{metadata{name, namespace}, deleteOptions{}}}
    const str = (n: number, s: string | Buffer) => Buffer.concat([Buffer.from([(n << 3) | 2, Buffer.byteLength(s)]), Buffer.from(s)]);
    const raw = Buffer.concat([str(1, Buffer.concat([str(1, "web-a"), str(3, "default")])), str(2, Buffer.alloc(0))]);
    const body = Buffer.concat([KUBE_PROTOBUF_MAGIC, str(1, Buffer.concat([str(1, "policy/v1"), str(2, "Eviction")])), str(2, raw)]);
    const res = await fetch(`${base}/api/v1/namespaces/default/pods/web-a/eviction`, { method: "POST", headers: { "Content-Type": "application/vnd.kubernetes.protobuf" }, body });
    expect(res.status).toBe(201);
    expect(await exists("web-a")).toBe(false);
  });
});
