// Hostile and careless clients: Pod Security admission, apply limits, per-client rate limits, and
// a watcher that never reads. One server in this process; raw gRPC clients where the SDK would
// hide what is being tested (metadata, not reading a stream).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as http2 from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadApiProto, type ApiClient } from "@skiff/proto";
import { SkiffClient } from "@skiff/client";
import { serve, type RunningServer, type ServerOptions } from "@skiff/server";
import { skiff } from "../packages/cli/src/test-cli.js";

const dirs: string[] = [];
async function start(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), "skiff-limits-"));
  dirs.push(dir);
  return serve({
    dataDir: join(dir, "data"),
    listen: "127.0.0.1:0",
    logLevel: "silent",
    lifecycle: { heartbeatPeriodMs: 60_000, evictionTimeoutMs: 600_000 },
    controllers: [],
    insecure: true,
    ...options,
  });
}

const rawClient = (address: string): ApiClient => new (loadApiProto().skiff.v1.Api)(address, grpc.credentials.createInsecure());

function bearer(token: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set("authorization", `Bearer ${token}`);
  return md;
}

const health = (api: ApiClient, md: grpc.Metadata) =>
  new Promise<grpc.ServiceError | null>((resolve) => api.Health({}, md, (err) => resolve(err)));

const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "app", image: "busybox" }], ...spec },
});

let server: RunningServer;
let client: SkiffClient;

beforeAll(async () => {
  vi.stubEnv("SKIFF_CONFIG", join(tmpdir(), "skiff-limits-no-config"));
  vi.stubEnv("SKIFF_SERVER", "");
  vi.stubEnv("SKIFF_INSECURE", "1"); // the servers here run with `insecure`: plaintext, no tokens
  server = await start({ podSecurity: { allowedHostPaths: ["/srv/shared"] } });
  client = new SkiffClient({ server: server.address });
});
afterAll(async () => {
  client?.close();
  await server?.close();
  vi.unstubAllEnvs();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("Pod Security admission", () => {
  it("refuses a privileged pod with hostPath, in Kubernetes' words, and stores nothing", async () => {
    const bad = pod("web", {
      containers: [{ name: "app", image: "busybox", securityContext: { privileged: true } }],
      volumes: [{ name: "data", hostPath: { path: "/var/lib/data" } }],
    });
    await expect(client.apply([bad])).rejects.toMatchObject({
      name: "PermissionDeniedError",
      message:
        'pods "web" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true), hostPath volumes (volume "data")',
    });
    await expect(client.pods.create(pod("web2", { hostNetwork: true }))).rejects.toThrow(/host namespaces \(hostNetwork=true\)/);
    expect((await client.pods.list()).items).toEqual([]);
  });

  it("refuses a Deployment whose template asks for the host's PID namespace; the whole apply is refused", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { hostPID: true, containers: [{ name: "c", image: "x" }] } } },
    };
    await expect(client.apply([pod("fine"), deployment])).rejects.toThrow(/deployments "d" is forbidden: .*host namespaces \(hostPID=true\)/);
    expect((await client.pods.list()).items).toEqual([]);
  });

  it("allows hostPath under --allow-host-path prefixes, and host ports", async () => {
    const ok = pod("shared", {
      containers: [{ name: "app", image: "busybox", ports: [{ containerPort: 80, hostPort: 8080 }], volumeMounts: [{ name: "s", mountPath: "/s" }] }],
      volumes: [{ name: "s", hostPath: { path: "/srv/shared/app" } }],
    });
    const [result] = await client.apply([ok]);
    expect(result?.action).toBe("created");
    await client.pods.delete("shared");
  });

  it("the CLI prints the refusal plainly and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skiff-limits-cli-"));
    dirs.push(dir);
    const file = join(dir, "pod.json");
    writeFileSync(file, JSON.stringify(pod("cli", { hostIPC: true })));
    const r = await skiff("apply", "-f", file, "--server", server.address);
    expect(r.code).toBe(1);
    // The CLI's own validation warns first that skiff ignores the field; the server then refuses it.
    expect(r.stderr).toContain('Error from server (Forbidden): pods "cli" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostIPC=true)\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a server started with --pod-security=privileged lets them through", async () => {
    const open = await start({ podSecurity: { level: "privileged" } });
    const c = new SkiffClient({ server: open.address });
    try {
      const [r] = await c.apply([pod("p", { hostNetwork: true, volumes: [{ name: "h", hostPath: { path: "/" } }] })]);
      expect(r?.action).toBe("created");
      // skiff does not implement host namespaces: the field is dropped, with a warning.
      expect(r?.warnings.join("\n")).toMatch(/hostNetwork/);
    } finally {
      c.close();
      await open.close();
    }
  });
});

describe("apply limits", () => {
  it("refuses more than 500 objects in one apply, naming the limit", async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` } }));
    await expect(client.apply(many)).rejects.toThrow("apply has 501 objects, more than the limit of 500 per apply");
    expect((await client.configMaps.list()).items).toEqual([]);
  });

  it("refuses more than 8 MiB in one apply, naming the limit", async () => {
    const big = Array.from({ length: 9 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `b${i}` }, data: { x: "x".repeat(1000 * 1000) } }));
    await expect(client.apply(big)).rejects.toThrow(/apply is 8\.\d MiB, larger than the 8\.0 MiB limit per apply/);
  });

  it("refuses a message over 16 MiB with a clear message", async () => {
    const huge = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "huge" }, data: { x: "x".repeat(17 * 1024 * 1024) } }];
    await expect(client.apply(huge)).rejects.toMatchObject({
      name: "LimitExceededError",
      message: expect.stringMatching(/^message too large: 17\.0 MiB, over the 16\.0 MiB limit/),
    });
  });
});

describe("rate limits", () => {
  it("slows down a client sending 1,000 requests per second; another client keeps working", async () => {
    const flood = rawClient(server.address);
    const calm = rawClient(server.address);
    try {
      const floodResults: Promise<grpc.ServiceError | null>[] = [];
      const calmResults: Promise<grpc.ServiceError | null>[] = [];
      // 2 s: the flood sends 10 calls every 10 ms; the calm client one every 50 ms.
      for (let tick = 0; tick < 200; tick++) {
        for (let i = 0; i < 10; i++) floodResults.push(health(flood, bearer("flood")));
        if (tick % 5 === 0) calmResults.push(health(calm, bearer("calm")));
        await new Promise((r) => setTimeout(r, 10));
      }
      const floods = await Promise.all(floodResults);
      const refused = floods.filter((e) => e !== null);
      expect(refused.length).toBeGreaterThan(floods.length / 2);
      for (const e of refused) {
        expect(e?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
        expect(e?.details).toBe("rate limit exceeded: slow down (at most 100 requests per second per client)");
      }
      expect(await Promise.all(calmResults)).toEqual(calmResults.map(() => null));
    } finally {
      flood.close();
      calm.close();
    }
  });

  it("the SDK reports the slow-down as a LimitExceededError", async () => {
    const sdk = new SkiffClient({ server: server.address });
    try {
      const results = await Promise.allSettled(Array.from({ length: 400 }, () => sdk.health()));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected[0]?.reason).toMatchObject({ name: "LimitExceededError", message: expect.stringMatching(/^rate limit exceeded: slow down/) });
    } finally {
      sdk.close();
    }
    await new Promise((r) => setTimeout(r, 2_100)); // let this client's bucket refill for the next tests
  });
});

function pausedWatch(address: string, kind: string, batches: boolean) {
  const session = http2.connect(`http://${address}`);
  // WatchRequest{kind, batches}: field 1 (string), field 5 (bool).
  const message = Buffer.concat([Buffer.from([0x0a, kind.length]), Buffer.from(kind), Buffer.from(batches ? [0x28, 0x01] : [])]);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  const stream = session.request({ ":method": "POST", ":path": "/skiff.v1.Api/Watch", "content-type": "application/grpc", te: "trailers" });
  stream.end(frame);
  const ended = new Promise<{ status?: string; message?: string; rstCode?: number; bytes: number }>((resolve) => {
    let trailers: http2.IncomingHttpHeaders = {};
    stream.on("trailers", (t) => (trailers = t));
    stream.on("close", () => {
      const raw = trailers["grpc-message"];
      resolve({ status: trailers["grpc-status"] as string | undefined, message: typeof raw === "string" ? decodeURIComponent(raw) : undefined, rstCode: stream.rstCode, bytes });
    });
  });
  let bytes = 0;
  const read = () => stream.on("data", (d: Buffer) => (bytes += d.length));
  return { read, ended, close: () => session.close() };
}

async function writeMany(server: RunningServer, count: number, size: number) {
  const blob = "x".repeat(size);
  const ref = { kind: "ConfigMap", namespace: "default", name: "big" };
  for (let i = 0; i < count; i++) {
    const current = await server.store.get(ref);
    if (current) await server.store.update({ ...current, data: { blob: `${i}${blob}` } } as never);
    else await server.store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big", namespace: "default", uid: "u1" }, data: {} } as never);
  }
}

describe("a watcher that does not read", () => {
  // grpc-js' client reads and buffers whatever arrives; a plain HTTP/2 stream left paused really
  // stops reading, so the server's buffers fill as they would for a stuck or hostile client.
  // Both forms of the request: one event per message, and batches (the SDK's, watch-stream.ts).
  describe.each([false, true])("batches: %s", (batches) => {
    it("is ended, and the server's memory stays bounded while many writes happen", async () => {
      const watched = await start({ limits: { streamDrainTimeoutMs: 500 }, rateLimit: { ratePerSecond: 0 } });
      const watch = pausedWatch(watched.address, "ConfigMap", batches);
      try {
        const before = process.memoryUsage().heapUsed;
        let peak = before;
        for (let round = 0; round < 8; round++) {
          await writeMany(watched, 50, 64 * 1024); // 8 x 50 x 64 KiB = 25 MiB go by
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
        expect(peak - before).toBeLessThan(200 * 1024 * 1024);
        // The drain timeout, then the grace to read the status: the server resets the stream.
        const end = await watch.ended;
        expect(end.rstCode === http2.constants.NGHTTP2_CANCEL || end.status === String(grpc.status.RESOURCE_EXHAUSTED)).toBe(true);
      } finally {
        watch.close();
        await watched.close();
      }
    });

    it("a watcher that reads again before the grace ends gets the clear message", async () => {
      const watched = await start({ limits: { streamDrainTimeoutMs: 1_000 }, rateLimit: { ratePerSecond: 0 } });
      const watch = pausedWatch(watched.address, "ConfigMap", batches);
      try {
        await writeMany(watched, 40, 64 * 1024);
        await new Promise((r) => setTimeout(r, 1_300)); // past the drain timeout, within the grace
        watch.read();
        const end = await watch.ended;
        expect(end.status).toBe(String(grpc.status.RESOURCE_EXHAUSTED));
        expect(end.message).toMatch(/^watch too slow: the client read nothing for 1s .*re-list and watch again$/);
        expect(end.bytes).toBeLessThan(40 * 64 * 1024); // it did not get every event: it must re-list
      } finally {
        watch.close();
        await watched.close();
      }
    });
  });
});

describe("a watcher that reads batches (the SDK's request)", () => {
  it("that fell out of history gets 410 Expired, not a stream that hangs: nothing is written after the error", async () => {
    const watched = await start({ limits: { streamDrainTimeoutMs: 60_000 }, rateLimit: { ratePerSecond: 0 } });
    const watch = pausedWatch(watched.address, "ConfigMap", true);
    try {
      // A batch in flight and a full queue (4 MiB) wait for the paused reader...
      await writeMany(watched, 100, 64 * 1024);
      // ...while 10,000 more changes (the history's size) go by, so its next read is expired.
      for (let i = 0; i < 10_200; i += 600) {
        await Promise.all(Array.from({ length: 600 }, (_, j) => watched.store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: `s${i + j}`, namespace: "default", uid: `s${i + j}` } } as never)));
      }
      watch.read();
      const end = await watch.ended;
      expect(end.status).toBe(String(grpc.status.OUT_OF_RANGE));
      expect(end.message).toMatch(/is too old; the oldest kept is \d+: re-list and watch again$/);
    } finally {
      watch.close();
      await watched.close();
    }
  }, 60_000);


  it("gets every event in order, many to a message; a client that does not ask gets one per message", async () => {
    const watched = await start({ rateLimit: { ratePerSecond: 0 } });
    const names = Array.from({ length: 300 }, (_, i) => `batch-${String(i).padStart(3, "0")}`);
    for (const name of names) await watched.store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "batches", uid: name }, data: { n: name } } as never);
    // From revision 0: the 300 current objects come as ADDED, all ready at once.
    const read = (batches: boolean) =>
      new Promise<{ messages: number; events: string[] }>((resolve, reject) => {
        const seen = { messages: 0, events: [] as string[] };
        const call = rawClient(watched.address).Watch({ kind: "ConfigMap", namespace: "batches", batches });
        call.on("data", (m: { batch: { objectJson: string }[]; objectJson: string }) => {
          seen.messages++;
          for (const ev of m.batch.length > 0 ? m.batch : [m]) seen.events.push((JSON.parse(ev.objectJson) as { metadata: { name: string } }).metadata.name);
          if (seen.events.length >= names.length) (call.cancel(), resolve(seen));
        });
        call.on("error", (err: grpc.ServiceError) => err.code !== grpc.status.CANCELLED && reject(err));
      });
    const sdk = new SkiffClient({ server: watched.address });
    try {
      const batched = await read(true);
      expect(batched.events).toEqual(names);
      expect(batched.messages).toBeLessThan(names.length / 10);
      const single = await read(false);
      expect(single.events).toEqual(names);
      expect(single.messages).toBe(names.length);
      const ac = new AbortController();
      const fromSdk: string[] = [];
      for await (const ev of sdk.watch("ConfigMap", { namespace: "batches", signal: ac.signal })) {
        fromSdk.push(ev.object!.metadata.name);
        if (fromSdk.length === names.length) ac.abort();
      }
      expect(fromSdk).toEqual(names);
    } finally {
      sdk.close();
      await watched.close();
    }
  });
});
