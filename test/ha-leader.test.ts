// Several `skiff server` processes on one real etcd, one leader (issue 14): exactly one runs the
// control loops, the leader Lease (kube-system/skiff-controller-manager) names it on every server,
// and when it dies another takes over: within 10 s after SIGKILL, within 2 s after SIGTERM.
// No agents and no Docker: the Deployment's pods stay Pending, which is enough to see who
// reconciles it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event, Lease, Pod, ReplicaSet } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { ServerProcess, clusterKeyFile, freePort, skiff, tempDir } from "./support/skiff.js";
import { Kubectl } from "./support/kubectl.js";

let etcd: EtcdProcess;
const cleanups: (() => Promise<void>)[] = [];
const servers: ServerProcess[] = [];
const PREFIX = `/e2e-leader-${process.pid}`;
let keyFile: string;

beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
  const keys = await tempDir("ha-leader-key");
  cleanups.push(() => keys.remove());
  keyFile = await clusterKeyFile(keys.path);
  for (let i = 0; i < 3; i++) servers.push(await serverOnEtcd());
}, 90_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function serverOnEtcd(): Promise<ServerProcess> {
  const dir = await tempDir("ha-leader");
  const server = new ServerProcess(dir.path, await freePort(), ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", PREFIX, "--encryption-key-file", keyFile]);
  cleanups.push(async () => {
    await server.stop("SIGKILL");
    await dir.remove();
  });
  await server.start();
  return server;
}

const alive = () => servers.filter((s) => s.child?.exitCode === null && s.child.signalCode === null);
const client = (s: ServerProcess) => new SkiffClient(s.clientOptions());

async function leaderLease(through: ServerProcess): Promise<Lease | undefined> {
  return client(through)
    .leases.get("skiff-controller-manager", { namespace: "kube-system" })
    .catch(() => undefined);
}

/** The server whose address is in the Lease's holder, once the Lease names a live one (other than `not`). */
async function currentLeader(not?: ServerProcess, timeoutMs = 20_000): Promise<ServerProcess> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const through = alive().find((s) => s !== not) ?? alive()[0]!;
    const holder = (await leaderLease(through))?.spec?.holderIdentity ?? "";
    const leader = alive().find((s) => s !== not && holder.includes(`_${s.address}_`));
    if (leader) return leader;
    if (Date.now() > deadline) throw new Error(`no live server holds the leader Lease (holder "${holder}")\n${servers.map((s) => s.logs).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const deployment = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
});

async function webPods(through: ServerProcess): Promise<Pod[]> {
  return (await client(through).pods.list({ namespace: "default", labelSelector: "app=web" })).items;
}

describe("several servers on one etcd", () => {
  it("elect exactly one leader, which the Lease names on every server, and skiff version too", async () => {
    const leader = await currentLeader();
    const leading = servers.filter((s) => /this server leads/.test(s.logs));
    expect(leading).toEqual([leader]);
    const holders = await Promise.all(servers.map(async (s) => (await leaderLease(s))?.spec?.holderIdentity));
    expect(new Set(holders).size).toBe(1);
    const lease = (await leaderLease(servers[0]!))!;
    expect(lease.spec).toMatchObject({ leaseDurationSeconds: 5 });
    expect(lease.spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const follower = servers.find((s) => s !== leader)!;
    const table = await skiff(["get", "leases", "-n", "kube-system"], { env: follower.env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+HOLDER\s+AGE\n/);
    expect(table.stdout).toContain(`skiff-controller-manager   ${holders[0]}`);
    const version = await skiff(["version"], { env: follower.env });
    expect(version.stdout).toContain(`Leader: ${holders[0]}`);
  });

  it("serves the Lease to kubectl through a follower: get leases -A with the holder, describe", async () => {
    const leader = await currentLeader();
    const follower = servers.find((s) => s !== leader)!;
    const home = await tempDir("ha-leader-kubectl");
    cleanups.push(() => home.remove());
    const kubectl = new Kubectl(follower.kubeconfigPath, home.path);
    const holder = (await leaderLease(follower))!.spec.holderIdentity!;
    const list = await kubectl.run(["get", "leases", "-A"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^NAMESPACE\s+NAME\s+HOLDER\s+AGE\n/);
    expect(list.stdout).toMatch(new RegExp(`kube-system\\s+skiff-controller-manager\\s+${holder.replace(/\./g, "\\.")}\\s`));
    const json = await kubectl.run(["get", "lease", "-n", "kube-system", "skiff-controller-manager", "-o", "json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", spec: { holderIdentity: holder, leaseDurationSeconds: 5 } });
    const described = await skiff(["describe", "lease", "-n", "kube-system", "skiff-controller-manager"], { env: follower.env });
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain(`Holder Identity:`);
    expect(described.stdout).toContain(holder);
  });

  it("skiff get and kubectl get through every server return the same objects at the same revisions", async () => {
    const configMap = (i: number) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `same-${i}`, namespace: "default" }, data: { i: String(i) } });
    // Written through each server in turn, so no server's reads are only its own writes.
    for (let i = 0; i < 6; i++) await client(servers[i % servers.length]!).apply([configMap(i)]);
    const views: { through: string; items: string[]; listVersion: number }[] = [];
    for (const [n, server] of servers.entries()) {
      const home = await tempDir("ha-same-kubectl");
      cleanups.push(() => home.remove());
      const reads = [
        ["skiff", await skiff(["get", "configmaps", "-o", "json"], { env: server.env })],
        ["kubectl", await new Kubectl(server.kubeconfigPath, home.path).run(["get", "configmaps", "-o", "json"])],
      ] as const;
      for (const [tool, r] of reads) {
        expect(r.code, r.stderr).toBe(0);
        const list = JSON.parse(r.stdout) as { items: { metadata: { name: string; resourceVersion: string } }[]; metadata?: { resourceVersion?: string } };
        const items = list.items.filter((o) => o.metadata.name.startsWith("same-")).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`);
        views.push({ through: `${tool} via server ${n + 1}`, items, listVersion: Number(list.metadata?.resourceVersion ?? 0) });
      }
    }
    expect(views[0]!.items).toHaveLength(6);
    for (const view of views) expect(view, view.through).toMatchObject({ items: views[0]!.items });
    // A list is read at one revision of the store, at or after every item it holds.
    const newest = Math.max(...views[0]!.items.map((s) => Number(s.split("@")[1])));
    for (const view of views) if (view.listVersion) expect(view.listVersion, view.through).toBeGreaterThanOrEqual(newest);
  });

  it("runs the controllers on the leader only: a Deployment applied through a follower is reconciled once", async () => {
    const leader = await currentLeader();
    const follower = servers.find((s) => s !== leader)!;
    const applied = await skiff(["apply", "-f", "-"], { env: follower.env, input: JSON.stringify(deployment(3)) });
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => expect(await webPods(follower)).toHaveLength(3));
    const sets = (await client(follower).list<ReplicaSet>("ReplicaSet", { namespace: "default" })).items;
    expect(sets).toHaveLength(1);
    // One scaling event, written once (count 1): a second deployment controller would have
    // scaled too, or bumped the count.
    const events = await eventually(async () => {
      const found = (await client(follower).list<Event>("Event", { namespace: "default" })).items.filter((e) => e.reason === "ScalingReplicaSet");
      expect(found).not.toHaveLength(0);
      return found;
    });
    expect(events.map((e) => e.count ?? 1)).toEqual([1]);
    expect(await webPods(leader)).toHaveLength(3);
  });

  it("after SIGKILL of the leader, another leads within 10 s and its controllers act", async () => {
    const old = await currentLeader();
    const killedAt = Date.now();
    await old.stop("SIGKILL");
    const next = await currentLeader(old, 15_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(next).not.toBe(old);
    const lease = (await leaderLease(next))!;
    expect(lease.spec.leaseTransitions).toBeGreaterThanOrEqual(1);
    // The new leader's deployment controller (fresh informers, re-listed) scales the Deployment.
    const scaled = await skiff(["scale", "deployment", "web", "--replicas", "4"], { env: next.env });
    expect(scaled.code, scaled.stderr).toBe(0);
    await eventually(async () => expect(await webPods(next)).toHaveLength(4), 10_000);
    // The killed server comes back as a follower.
    await old.start();
  });

  it("after SIGTERM of the leader, it resigns and another leads within 2 s", async () => {
    const old = await currentLeader();
    const stoppedAt = Date.now();
    const stopping = old.stop("SIGTERM");
    const next = await currentLeader(old, 10_000);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(await stopping).toBe(0);
    expect(old.logs).toContain("resigned the lead");
    expect(next).not.toBe(old);
  });
});
