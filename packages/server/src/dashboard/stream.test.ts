// The dashboard's edge in-process, on a real LevelDB store, without authentication (--insecure):
// the one stream carries each kind's objects and then every change; the pages are files of the
// built package and nothing outside it; the pages' API calls reach the Kubernetes handler.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LevelStore } from "@skiff/store";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "../api/rate-limit.js";
import { silentLog } from "../informer/test-support.js";
import { ObjectService } from "../objects/objects.js";
import { kubeHandler } from "../kube/handler.js";
import { ensureDefaultNamespaces } from "../cluster/default-namespaces.js";
import { dashboardHandler } from "./handler.js";
import { UsageStore } from "../nodes/usage.js";

let dir: string;
let store: LevelStore;
let objects: ObjectService;
let server: http.Server;
let base: string;
const shutdown = new AbortController();
const usage = new UsageStore();

const pod = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels }, spec: { containers: [{ name: "main", image: "busybox" }] } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-dashboard-"));
  store = await LevelStore.open(join(dir, "db"));
  await ensureDefaultNamespaces(store);
  objects = new ObjectService(store);
  const assets = join(dir, "dist");
  await mkdir(assets);
  await writeFile(join(assets, "index.html"), "<html>dashboard</html>");
  await writeFile(join(dir, "secret.txt"), "outside");
  const dashboard = dashboardHandler({ objects, log: silentLog, shutdown: shutdown.signal, assetsDir: assets, usage });
  const unused = () => Promise.reject(new Error("no agents in this test"));
  const handler = kubeHandler({ objects, agents: { exec: unused, logs: unused } as never, rate: new RateLimiter(DEFAULT_RATE_LIMIT), log: silentLog, shutdown: shutdown.signal, maxBodyBytes: 1 << 20, address: () => "127.0.0.1:0", dashboard });
  server = http.createServer((req, res) => void handler.request(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await objects.create(pod("before"));
});
afterAll(async () => {
  shutdown.abort();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Read SSE messages from the stream until `until` says enough. */
async function readStream(until: (msgs: { type: string; kind: string; object?: { metadata: { name: string } } }[]) => boolean, act: () => Promise<void>) {
  const ac = new AbortController();
  const res = await fetch(`${base}/dashboard/api/stream`, { signal: ac.signal });
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const msgs: { type: string; kind: string; object?: { metadata: { name: string } } }[] = [];
  let buffer = "";
  let acted = false;
  while (!until(msgs)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const parts = buffer.split("\n\n");
    buffer = parts.pop()!;
    for (const p of parts) if (p.startsWith("data: ")) msgs.push(JSON.parse(p.slice(6)));
    if (!acted && msgs.some((m) => m.object?.metadata.name === "before")) {
      acted = true;
      await act();
    }
  }
  ac.abort();
  return msgs;
}

describe("the dashboard's edge", () => {
  it("sends each node's usage as its agent reports it (USAGE), beside the objects, with no asking", async () => {
    const report = { timestampMs: String(Date.now()), windowMs: 10_000, node: { cpuNanoCores: "250000000", memoryBytes: String(2 ** 30) }, pods: [{ namespace: "default", name: "before", containers: [{ name: "main", usage: { cpuNanoCores: "5000000", memoryBytes: String(2 ** 20) } }] }] };
    const msgs = await readStream(
      (m) => m.some((x) => x.type === "USAGE"),
      async () => usage.report("n1", report),
    );
    const got = msgs.find((x) => x.type === "USAGE") as unknown as { usage: { node: { metadata: { name: string }; usage: { cpu: string } }; pods: { metadata: { name: string } }[] } };
    expect(got.usage.node).toMatchObject({ metadata: { name: "n1" }, usage: { cpu: "250000000n", memory: "1048576Ki" } });
    expect(got.usage.pods.map((p) => p.metadata.name)).toEqual(["before"]);
  });

  it("streams the current objects as ADDED, then each change as the store commits it", async () => {
    const msgs = await readStream(
      (m) => m.some((x) => x.type === "DELETED" && x.object?.metadata.name === "later"),
      async () => {
        await objects.create(pod("later"));
        const created = await objects.get({ kind: "Pod", namespace: "default", name: "later" });
        await objects.update({ ...created, metadata: { ...created.metadata, labels: { changed: "yes" } } });
        await objects.delete({ kind: "Pod", namespace: "default", name: "later" });
      },
    );
    const later = msgs.filter((m) => m.kind === "Pod" && m.object?.metadata.name === "later").map((m) => m.type);
    expect(msgs.find((m) => m.object?.metadata.name === "before")?.type).toBe("ADDED");
    expect(later).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    // Every kind the pages show is streamed (the namespaces' own objects are none of them).
    expect(msgs.some((m) => m.kind === "Namespace")).toBe(false);
  });

  it("serves the built pages and no file outside them", async () => {
    expect(await (await fetch(`${base}/dashboard/`)).text()).toBe("<html>dashboard</html>");
    expect((await fetch(`${base}/dashboard`, { redirect: "manual" })).headers.get("location")).toBe("/dashboard/");
    for (const path of ["/dashboard/../secret.txt", "/dashboard/%2e%2e/secret.txt", "/dashboard/nope.js"]) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text(), path).not.toContain("outside");
    }
  });

  it("hands the pages' API calls to the Kubernetes handler, and refuses a write without the dashboard's header", async () => {
    const list = (await (await fetch(`${base}/dashboard/api/k8s/api/v1/namespaces/default/pods`)).json()) as { items: { metadata: { name: string } }[] };
    expect(list.items.map((p) => p.metadata.name)).toContain("before");
    const forged = await fetch(`${base}/dashboard/api/k8s/api/v1/namespaces/default/pods/before`, { method: "DELETE" });
    expect(forged.status).toBe(403);
    const patched = await fetch(`${base}/dashboard/api/k8s/api/v1/namespaces/default/pods/before`, { method: "PATCH", headers: { "X-Skiff-Dashboard": "1", "Content-Type": "application/merge-patch+json" }, body: JSON.stringify({ metadata: { labels: { seen: "yes" } } }) });
    expect(patched.status).toBe(200);
    expect((await objects.get({ kind: "Pod", namespace: "default", name: "before" })).metadata.labels).toMatchObject({ seen: "yes" });
  });
});
