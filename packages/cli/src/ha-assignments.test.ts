// Issue 14, R7: an agent that moved to another server after its server stopped must still be
// given the pods bound to it afterwards, and their status must reach the store. Three servers on
// one real etcd, in this process; one agent (FakeRuntime). The server stopped leads: the next
// leader's election writes the leader key while the agent's new Assignments stream watches, and
// that stream once stalled there for good (store/src/etcd-watch.ts, wantedKeys).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { Pod } from "@skiff/api";
import { FakeRuntime, startAgent } from "@skiff/agent";
import { SkiffClient } from "@skiff/client";
import { serve } from "@skiff/server";
import { startEtcd, type EtcdProcess } from "../../store/src/test-etcd.js";

type Running = Awaited<ReturnType<typeof serve>>;
type Agent = Awaited<ReturnType<typeof startAgent>>;
const silent = pino({ level: process.env["HA_TEST_LOG"] ?? "silent" });
const dir = mkdtempSync(join(tmpdir(), "skiff-ha-assignments-"));
const prefix = `/unit-ha-assign-${randomBytes(3).toString("hex")}`;
let etcd: EtcdProcess;
const servers: Running[] = [];
let agent: Agent | undefined;
const runtime = new FakeRuntime({ images: ["busybox:1"] });

async function server(name: string): Promise<Running> {
  const s = await serve({
    dataDir: join(dir, name),
    listen: "127.0.0.1:0",
    logLevel: process.env["HA_TEST_LOG"] ?? "silent",
    insecure: true,
    etcd: { endpoints: [etcd.endpoint], prefix },
    encryptionKeyFile: join(dir, "cluster.key"),
    controllers: [],
  });
  servers.push(s);
  return s;
}

/** Bound by the scheduler (the leader's), as a ReplicaSet's pod is. */
const pod = (name: string): Pod =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "app", image: "busybox:1" }] } }) as Pod;

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await fn().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  vi.stubEnv("SKIFF_CONFIG", join(dir, "no-config"));
  etcd = await startEtcd();
  writeFileSync(join(dir, "cluster.key"), `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
  await etcd?.stop();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("an agent that moved to another server", () => {
  it("is given the pods bound to it after the move, and their status is stored", async () => {
    const a = await server("a");
    const b = await server("b");
    await server("c");
    agent = await startAgent({ server: `${a.address},${b.address}`, name: "n1", runtime, insecure: true, simulated: true, log: silent, usagePeriodMs: 0 });
    const viaB = new SkiffClient({ server: b.address, insecure: true });
    const phase = (name: string) => async () => ((await viaB.pods.get(name, { namespace: "default" })) as Pod).status?.phase === "Running" || undefined;
    await viaB.pods.create(pod("before"));
    await until("the first pod Running", phase("before"));

    await a.close(); // a clean stop (SIGTERM): the agent moves to b
    for (let i = 0; i < 5; i++) {
      await viaB.pods.create(pod(`after-${i}`));
      await until(`pod after-${i} Running`, phase(`after-${i}`));
    }
    const pods = (await viaB.pods.list({ namespace: "default" })).items as Pod[];
    viaB.close();
    expect(pods.map((p) => `${p.metadata.name} ${p.spec.nodeName} ${p.status?.phase}`).sort()).toEqual(
      ["before", ...[0, 1, 2, 3, 4].map((i) => `after-${i}`)].map((n) => `${n} n1 Running`).sort(),
    );
  }, 60_000);
});
