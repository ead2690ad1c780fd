// Fencing (issue 14): a leader paused past its lease (SIGSTOP) must not write when it resumes
// (SIGCONT). Three `skiff server`s on one etcd, no agents (pods stay Pending, which is enough to
// count them). While the leader is stopped another server takes over and a Deployment is scaled;
// the old leader resumes with the scale's watch events waiting in its sockets, and its timers
// late: whatever its control loops try before it notices, etcd refuses (the leader key's
// create_revision is in every leader write's transaction), and it steps down. No pod is duplicated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lease, Pod } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { ServerProcess, clusterKeyFile, freePort, skiff, tempDir } from "./support/skiff.js";

let etcd: EtcdProcess;
const cleanups: (() => Promise<void>)[] = [];
const servers: ServerProcess[] = [];
const PREFIX = `/e2e-fencing-${process.pid}`;

beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
  const keys = await tempDir("ha-fencing-key");
  cleanups.push(() => keys.remove());
  const keyFile = await clusterKeyFile(keys.path);
  for (let i = 0; i < 3; i++) {
    const dir = await tempDir("ha-fencing");
    const server = new ServerProcess(dir.path, await freePort(), ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", PREFIX, "--encryption-key-file", keyFile]);
    cleanups.push(async () => {
      if (server.child?.pid && server.child.exitCode === null) process.kill(server.child.pid, "SIGCONT");
      await server.stop("SIGKILL");
      await dir.remove();
    });
    server.startTimeoutMs = 60_000; // three servers and an etcd starting on a loaded machine
    await server.start();
    servers.push(server);
  }
}, 240_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const client = (s: ServerProcess) => new SkiffClient(s.clientOptions());

async function holder(through: ServerProcess): Promise<string> {
  const c = client(through);
  try {
    const lease = (await c.leases.get("skiff-controller-manager", { namespace: "kube-system" }).catch(() => undefined)) as Lease | undefined;
    return lease?.spec?.holderIdentity ?? "";
  } finally {
    c.close();
  }
}

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await check().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${servers.map((s) => s.logs.slice(-3000)).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The server the leader Lease names, seen through `through`. */
async function leaderSeenBy(through: ServerProcess, not?: ServerProcess): Promise<ServerProcess | undefined> {
  const id = await holder(through);
  return servers.find((s) => s !== not && id.includes(`_${s.address}_`));
}

async function webPods(through: ServerProcess): Promise<Pod[]> {
  const c = client(through);
  try {
    return (await c.pods.list({ namespace: "default", labelSelector: "app=fenced" })).items;
  } finally {
    c.close();
  }
}

const deployment = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "fenced", namespace: "default" },
  spec: { replicas, selector: { matchLabels: { app: "fenced" } }, template: { metadata: { labels: { app: "fenced" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
});

describe("a leader paused past its lease", () => {
  it("cannot write when it resumes: it steps down, and no pod is duplicated", async () => {
    const old = await eventually("a leader", () => leaderSeenBy(servers[0]!));
    const other = servers.find((s) => s !== old)!;
    expect((await skiff(["apply", "-f", "-"], { env: other.env, input: JSON.stringify(deployment(3)) })).code).toBe(0);
    await eventually("3 pods", async () => ((await webPods(other)).length === 3 ? true : undefined));

    const logsBefore = old.logs.length;
    process.kill(old.child!.pid!, "SIGSTOP");
    let resumed = false;
    try {
      // Its lease (5 s) expires; another server leads and writes the Lease object.
      const next = await eventually("a new leader", () => leaderSeenBy(other, old), 30_000);
      // Work for the control loops, done by the new leader while the old one sleeps: its watch
      // events wait in the old leader's sockets for when it wakes.
      expect((await skiff(["scale", "deployment", "fenced", "--replicas", "8"], { env: next.env })).code).toBe(0);
      await eventually("8 pods", async () => ((await webPods(next)).length === 8 ? true : undefined));
      process.kill(old.child!.pid!, "SIGCONT");
      resumed = true;

      // It notices it no longer leads (its step-down timer, or a refused write, whichever first).
      const after = () => old.logs.slice(logsBefore);
      await eventually("the old leader stepping down", async () => (/this server stops leading/.test(after()) ? true : undefined));
      // Still exactly the 8 pods, one ReplicaSet's, each name once; the new leader still leads.
      // (Checked over a few seconds: a late write of the old leader would show as a 9th pod.)
      for (let i = 0; i < 10; i++) {
        const pods = await webPods(next);
        expect(pods).toHaveLength(8);
        expect(new Set(pods.map((p) => p.metadata.name)).size).toBe(8);
        expect(new Set(pods.map((p) => p.metadata.ownerReferences?.[0]?.uid)).size).toBe(1);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(await leaderSeenBy(next)).toBe(next);
      // Whatever it tried to write after waking was refused by etcd, never made.
      const refused = after().match(/no longer leads/g)?.length ?? 0;
      const made = /this server leads/.test(after());
      expect(made).toBe(false);
      console.log(`old leader after SIGCONT: ${refused} log lines about refused writes; stepped down by ${/the store refused a write/.test(after()) ? "a refused write" : "its timer"}`);
    } finally {
      if (!resumed) process.kill(old.child!.pid!, "SIGCONT");
    }
  });
});
