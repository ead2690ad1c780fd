// The dashboard's trace stream in-process, on a real LevelDB store with the real write recorder:
// the steps kept, then each new write's step, as Server-Sent Events; RBAC as Api.Trace (list
// Events in the namespace); the ring is followed only while a browser reads.
import { mkdtemp, rm } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterRoleBinding, RoleBinding, TraceStep } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { silentLog } from "../informer/test-support.js";
import { ObjectService } from "../objects/objects.js";
import { ensureDefaultNamespaces } from "../cluster/default-namespaces.js";
import { Authorizer, DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS, listPolicy } from "../authz/index.js";
import { TokenStore } from "../security/tokens.js";
import { TraceRing } from "../trace/trace-ring.js";
import { traceComponent } from "../trace/write-recorder.js";
import { dashboardHandler } from "./handler.js";

let dir: string;
let store: LevelStore;
let objects: ObjectService;
let server: http.Server;
let base: string;
let alice: string;
let recording: Promise<unknown>;
const ring = new TraceRing(100);
const shutdown = new AbortController();

const aliceEdit: RoleBinding = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "alice-edit", namespace: "default" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
  subjects: [{ kind: "User", name: "alice" }],
};
const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "main", image: "busybox" }] } });
const followers = () => (ring as unknown as { followers: Set<unknown> }).followers.size;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-dashboard-trace-"));
  store = await LevelStore.open(join(dir, "db"));
  await ensureDefaultNamespaces(store);
  objects = new ObjectService(store);
  recording = traceComponent(store, ring, silentLog).start(shutdown.signal).catch(() => undefined);
  const tokens = new TokenStore({ save: async () => undefined }, []);
  alice = (await tokens.create("api", { user: "alice" })).token;
  const authz = new Authorizer(listPolicy({ clusterRoles: DEFAULT_CLUSTER_ROLES, clusterRoleBindings: DEFAULT_CLUSTER_ROLE_BINDINGS as ClusterRoleBinding[], roleBindings: [aliceEdit] }));
  const dashboard = dashboardHandler({ objects, tokens, authz, log: silentLog, shutdown: shutdown.signal, assetsDir: dir, trace: ring });
  const kube = () => Promise.reject(new Error("no Kubernetes API in this test"));
  server = http.createServer((req, res) => void dashboard.request(req, res, kube));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await objects.create(pod("before"));
  while (!ring.list().some((s) => s.name === "before")) await new Promise((r) => setTimeout(r, 10));
});
afterAll(async () => {
  shutdown.abort();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await recording;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string, token = alice, signal?: AbortSignal) => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) });

describe("the dashboard's trace stream", () => {
  it("sends the steps kept, then each new write's step as the store commits it; lets the ring go when the browser leaves", async () => {
    const ac = new AbortController();
    const res = await get("/dashboard/api/trace?namespace=default", alice, ac.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const steps: TraceStep[] = [];
    let buffer = "";
    let acted = false;
    while (!steps.some((s) => s.name === "later")) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const parts = buffer.split("\n\n");
      buffer = parts.pop()!;
      for (const p of parts) if (p.startsWith("data: ")) steps.push(JSON.parse(p.slice(6)) as TraceStep);
      if (!acted && steps.some((s) => s.name === "before")) {
        acted = true;
        expect(followers()).toBe(1);
        await objects.create(pod("later"));
      }
    }
    const before = steps.find((s) => s.name === "before")!;
    const later = steps.find((s) => s.name === "later")!;
    expect(before).toMatchObject({ kind: "Pod", namespace: "default", step: "created" });
    expect(later.revision).toBeGreaterThan(before.revision!);
    ac.abort();
    await expect.poll(followers).toBe(0);
  });

  it("answers 403 to whoever may not list Events in the namespace (as skiff trace), and 401 without a token", async () => {
    expect((await get("/dashboard/api/trace?namespace=kube-system")).status).toBe(403);
    expect((await get("/dashboard/api/trace")).status).toBe(403);
    expect((await fetch(`${base}/dashboard/api/trace?namespace=default`)).status).toBe(401);
    expect(followers()).toBe(0);
  });
});
