// The dashboard's trace stream in an HA cluster: a server keeps only its own agents' and
// components' steps, so the stream also reads the other servers' (as the user, through their API)
// and merges them in. Here the peer is a real server in another process (its own LevelDB,
// insecure; in this process its components' steps would reach every ring here): a pod written
// there is told by this server's stream, beside this server's own steps.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TraceStep } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { LevelStore } from "@skiff/store";
import { ensureDefaultNamespaces } from "../cluster/default-namespaces.js";
import { silentLog } from "../informer/test-support.js";
import { ObjectService } from "../objects/objects.js";
import { TraceRing } from "../trace/trace-ring.js";
import { traceComponent } from "../trace/write-recorder.js";
import { dashboardHandler } from "./handler.js";

let dir: string;
let store: LevelStore;
let peer: ChildProcess;
let peerAddress: string;
let server: http.Server;
let base: string;
let recording: Promise<unknown>;
const ring = new TraceRing(100);
const shutdown = new AbortController();
const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "main", image: "busybox" }] } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-dashboard-trace-peers-"));
  store = await LevelStore.open(join(dir, "db"));
  await ensureDefaultNamespaces(store);
  const objects = new ObjectService(store);
  recording = traceComponent(store, ring, silentLog).start(shutdown.signal).catch(() => undefined);
  // The built @skiff/server, resolved from the repo root, as `skiff server` runs it.
  const script = `import { serve } from "@skiff/server"; const s = await serve({ dataDir: process.argv[1], listen: "127.0.0.1:0", logLevel: "silent", insecure: true, kubeListen: "off", controllers: [] }); console.log(s.address);`;
  peer = spawn(process.execPath, ["--input-type=module", "-e", script, join(dir, "peer")], { cwd: fileURLToPath(new URL("../../../..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"] });
  peerAddress = String(((await once(peer.stdout!, "data")) as [Buffer])[0]).trim();
  const dashboard = dashboardHandler({ objects, log: silentLog, shutdown: shutdown.signal, assetsDir: dir, trace: ring, tracePeers: { addresses: () => [peerAddress] } });
  server = http.createServer((req, res) => void dashboard.request(req, res, () => Promise.reject(new Error("no Kubernetes API in this test"))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await objects.create(pod("here"));
  const client = new SkiffClient({ server: peerAddress, insecure: true });
  await client.create(pod("on-peer"));
  client.close();
});
afterAll(async () => {
  shutdown.abort();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await recording;
  if (peer.exitCode === null) {
    peer.kill();
    await once(peer, "exit");
  }
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the dashboard's trace stream with other servers", () => {
  it("tells the steps this server kept and those another server kept", async () => {
    const ac = new AbortController();
    const res = await fetch(`${base}/dashboard/api/trace?namespace=default`, { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const names = new Set<string>();
    let buffer = "";
    const deadline = setTimeout(() => ac.abort(), 10_000);
    try {
      while (!(names.has("here") && names.has("on-peer"))) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const parts = buffer.split("\n\n");
        buffer = parts.pop()!;
        for (const p of parts) if (p.startsWith("data: ")) names.add((JSON.parse(p.slice(6)) as TraceStep).name);
      }
    } finally {
      clearTimeout(deadline);
      ac.abort();
    }
    expect([...names].sort()).toEqual(["here", "on-peer"]);
  });
});
