// The effects of `skiff up`: start what the plan says is missing, etcd members first (--ha), then
// the server(s), then the agents, and wait until etcd has a quorum, the servers answer and every
// node is Ready. The same steps start a new cluster (where everything is missing) and repair one
// that is partly down.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { SkiffClient } from "@skiff/client";
import { UserError } from "../errors.js";
import { clusterKeyPath } from "./plan-ha.js";
import { joinTokenPath, type StartPlan } from "./plan.js";
import { etcdOnPath, sleep, spawnEtcd, spawnSkiff } from "./processes.js";
import { configPath } from "@skiff/client";
import { isAgent, isEtcd, writeCluster, type LocalCluster, type LocalProcess } from "./state.js";

const READY_TIMEOUT_MS = 30_000;

/** What to tell a user whose machine has no etcd: `skiff up --ha` runs the one on PATH. */
export const NO_ETCD =
  "skiff up --ha runs etcd (3.4 or later) from PATH, and there is no 'etcd' on PATH: install it " +
  "(Debian/Ubuntu: 'sudo apt-get install etcd-server'; scripts/setup.sh does) or put an etcd binary on PATH";

/** Start the plan's processes, recording each pid in cluster.json as soon as it exists. */
export async function startMissing(cluster: LocalCluster, plan: StartPlan): Promise<void> {
  if (plan.etcd.length > 0) {
    const binary = etcdOnPath();
    if (!binary) throw new UserError(NO_ETCD);
    for (const member of plan.etcd) launch(cluster, member, { etcd: binary });
    // /health is true only once the member sees a leader: the quorum is back.
    const urls = plan.etcd.map((m) => cluster.etcd![cluster.processes.filter(isEtcd).indexOf(m)]!);
    await waitFor(async () => (await Promise.all(urls.map(etcdHealthy))).every(Boolean), "etcd (a quorum of its members)", plan.etcd[0]!.log);
  }
  if (plan.servers.length > 0) {
    if (cluster.etcd && !existsSync(clusterKeyPath(cluster.dir))) {
      writeFileSync(clusterKeyPath(cluster.dir), `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    }
    // The first alone: on a new etcd it makes the cluster's CA and keyring, which the others then read.
    const [first, ...rest] = plan.servers;
    for (const group of [[first!], rest]) {
      for (const server of group) launch(cluster, server);
      for (const server of group) await waitFor(() => serverAnswers(addressOf(server)), server.name, server.log);
    }
  }
  const client = new SkiffClient({ server: cluster.server });
  try {
    const since = Date.now();
    if (plan.agents.length > 0) {
      // A fresh join token each time: the one made when the cluster was new may have expired,
      // and an agent that never joined needs one (one that did keeps its certificate).
      const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "skiff up" });
      writeFileSync(joinTokenPath(cluster.dir), `${token}\n`, { mode: 0o600 });
      for (const agent of plan.agents) launch(cluster, agent);
    }
    const restarted = new Set(plan.agents.map((p) => p.name));
    const agents = cluster.processes.filter(isAgent);
    await waitFor(
      async () => {
        const { items } = await client.nodes.list();
        const ready = new Map<string, number>();
        for (const n of items) {
          const c = n.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True");
          if (c) ready.set(n.metadata.name, Date.parse(c.lastHeartbeatTime ?? "") || 0);
        }
        // A node whose agent was just started must have registered since (a killed agent's node
        // may still look Ready until its heartbeats are missed).
        return agents.every((p) => ready.has(p.name) && (!restarted.has(p.name) || ready.get(p.name)! >= since));
      },
      `${agents.length} Ready node(s)`,
      (plan.agents[0] ?? agents[0])?.log ?? cluster.processes[0]!.log,
    );
  } finally {
    client.close();
  }
  // The operator connects as the CLI does: to this cluster, with the client config the server wrote.
  for (const p of plan.programs) launch(cluster, p, { env: { SKIFF_SERVER: cluster.server, SKIFF_CONFIG: configPath() } });
}

/** Start `p`: an etcd member (with `etcd`, the binary), a program beside the cluster (with its `env`), or `skiff`. */
function launch(cluster: LocalCluster, p: LocalProcess, o: { etcd?: string; env?: Record<string, string> } = {}): void {
  const pid = o.etcd ? spawnEtcd(cluster.dir, p.name, o.etcd, p.args!) : spawnSkiff(cluster.dir, p.name, p.args!, p.program, o.env);
  for (const entry of cluster.processes) if (entry.name === p.name) entry.pid = pid;
  writeCluster(cluster);
}

/** A server process's address: the value of its --listen. */
function addressOf(server: LocalProcess): string {
  const args = server.args ?? [];
  return args[args.indexOf("--listen") + 1] ?? "";
}

async function serverAnswers(server: string): Promise<boolean> {
  const probe = new SkiffClient({ server });
  try {
    return (await probe.health()).status === "ok";
  } finally {
    probe.close();
  }
}

async function etcdHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    return ((await response.json()) as { health?: string }).health === "true";
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, log: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  const why = last instanceof Error ? ` (${last.message})` : "";
  throw new UserError(`timed out after ${READY_TIMEOUT_MS / 1000}s waiting for ${what}${why}; see ${log}, then 'skiff down'`);
}
