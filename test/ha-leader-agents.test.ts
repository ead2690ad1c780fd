// A leader failover marks no healthy node NotReady (issue 14): three servers on one etcd, agents
// connected to the two that do not lead, the leader killed (SIGKILL, then a clean SIGTERM of the
// next one). The new leader never heard those agents itself: it must see their heartbeats
// through the node Leases the other servers write (kube-node-lease), and so mark none NotReady.
// Starts agents (real processes, Docker for their networks): run by the integrator.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event, Lease, Node } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { AgentProcess } from "./support/cluster.js";
import { pickRunNetwork, type RunNetwork } from "./support/run-network.js";
import { ServerProcess, clusterKeyFile, freePort, tempDir } from "./support/skiff.js";
import { removeNodeLeftovers } from "../scripts/lib/docker-leftovers.mjs";

const run = randomBytes(3).toString("hex");
let etcd: EtcdProcess;
let dir: { path: string; remove(): Promise<void> };
const servers: ServerProcess[] = [];
const agents: AgentProcess[] = [];
const PREFIX = `/e2e-leader-agents-${run}`;
// Fast heartbeats, as the other agent tests use: NotReady after 1.5 s of silence.
const LIFECYCLE = ["--heartbeat-period", "500ms", "--node-grace", "3", "--eviction-timeout", "3s"];
// How long a new leader is watched: past the grace period (1.5 s) and the eviction timeout (3 s),
// counted from its start, with 1.5 s to spare.
const WATCH_NEW_LEADER_MS = 6_000;
// Its own address plan, as a TestCluster's: the default one's node networks clash with another file's.
let network: RunNetwork;

beforeAll(async () => {
  etcd = await startEtcd();
  dir = await tempDir("ha-leader-agents");
  const keyFile = await clusterKeyFile(dir.path);
  network = await pickRunNetwork();
  for (let i = 0; i < 3; i++) {
    const server = new ServerProcess(join(dir.path, `server-${i}`), await freePort(), ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", PREFIX, "--encryption-key-file", keyFile, ...LIFECYCLE, ...network.serverArgs]);
    await server.start();
    servers.push(server);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop("SIGKILL")));
  await Promise.all(servers.map((s) => s.stop("SIGKILL")));
  await Promise.all(agents.map((a) => removeNodeLeftovers(a.name)));
  await etcd?.stop();
  await dir?.remove();
});

const alive = () => servers.filter((s) => s.child?.exitCode === null && s.child.signalCode === null);
const client = (s: ServerProcess) => new SkiffClient(s.clientOptions());

async function leader(not?: ServerProcess, timeoutMs = 15_000): Promise<ServerProcess> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const through = alive().find((s) => s !== not)!;
    const lease = await client(through).leases.get("skiff-controller-manager", { namespace: "kube-system" }).catch(() => undefined) as Lease | undefined;
    const found = alive().find((s) => s !== not && (lease?.spec?.holderIdentity ?? "").includes(`_${s.address}_`));
    if (found) return found;
    if (Date.now() > deadline) throw new Error("no leader");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An agent joined to `server`, with a join token made through it. */
async function agentOn(server: ServerProcess, i: number): Promise<AgentProcess> {
  const { token } = await client(server).tokens.create("join", { ttlSeconds: 3600, description: "ha test" });
  const tokenFile = join(dir.path, `token-${i}`);
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  const name = `t${run}-n${i}`;
  const agent = new AgentProcess(name, network.nodeAddress(10 + i), server.address, [], { tokenFile, stateDir: join(dir.path, "agents", name) });
  agent.start();
  agents.push(agent);
  return agent;
}

const readyNodes = async (through: ServerProcess) =>
  (await client(through).nodes.list()).items.filter((n: Node) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).map((n) => n.metadata.name);

/** Polls every node's Ready condition through `through` until `until` resolves; returns every NotReady seen. */
async function watchReadiness(through: () => ServerProcess, until: Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  let done = false;
  until.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    for (const n of (await client(through()).nodes.list().catch(() => ({ items: [] as Node[] }))).items) {
      const ready = n.status?.conditions?.find((c) => c.type === "Ready");
      if (agents.some((a) => a.name === n.metadata.name) && ready?.status !== "True") seen.push(`${n.metadata.name}: ${ready?.status} ${ready?.reason}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

describe("a leader failover with agents on the other servers", () => {
  it("marks no node NotReady, after SIGKILL and after SIGTERM of the leader", async () => {
    const first = await leader();
    const followers = servers.filter((s) => s !== first);
    await agentOn(followers[0]!, 1);
    await agentOn(followers[1]!, 2);
    const deadline = Date.now() + 30_000;
    while ((await readyNodes(followers[0]!)).length < 2) {
      if (Date.now() > deadline) throw new Error(`agents not Ready:\n${agents.map((a) => a.logs).join("\n")}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // SIGKILL: the next leader starts its node lifecycle with heartbeats only from the Leases.
    const failover = (async () => {
      await first.stop("SIGKILL");
      const next = await leader(first);
      await new Promise((r) => setTimeout(r, WATCH_NEW_LEADER_MS));
      return next;
    })();
    const afterKill = await watchReadiness(() => followers[0]!, failover);
    expect(afterKill).toEqual([]);
    const second = await failover;

    // SIGTERM of that one: the last server leads, still hearing its own agent and the Lease of the other.
    const survivor = followers.find((s) => s !== second)!;
    const handover = (async () => {
      await second.stop("SIGTERM");
      await leader(second);
      await new Promise((r) => setTimeout(r, WATCH_NEW_LEADER_MS));
    })();
    const afterTerm = await watchReadiness(() => survivor, handover);
    await handover;
    // The agent connected to the stopped server moves to another (it learned the list when it
    // registered), and may be NotReady for that moment; the other must not be, ever.
    const otherNode = agents.find((a) => a.server === survivor.address)!.name;
    expect(afterTerm.filter((s) => s.startsWith(`${otherNode}:`))).toEqual([]);

    const notReadyEvents = (await client(survivor).list<Event>("Event", {})).items.filter((e) => e.reason === "NodeNotReady" && e.involvedObject.name === otherNode);
    expect(notReadyEvents).toEqual([]);
  }, 120_000);
});
