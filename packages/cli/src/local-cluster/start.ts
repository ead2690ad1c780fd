// The effects of `skiff up`: start what the plan says is missing, the server first, and wait
// until the server answers and every node is Ready. The same steps start a new cluster (where
// everything is missing) and repair one that is partly down.
import { writeFileSync } from "node:fs";
import { SkiffClient } from "@skiff/client";
import { UserError } from "../errors.js";
import { joinTokenPath, type StartPlan } from "./plan.js";
import { sleep, spawnSkiff } from "./processes.js";
import { configPath } from "@skiff/client";
import { isAgent, writeCluster, type LocalCluster, type LocalProcess } from "./state.js";

const READY_TIMEOUT_MS = 30_000;

/** Start the plan's processes, recording each pid in cluster.json as soon as it exists. */
export async function startMissing(cluster: LocalCluster, plan: StartPlan): Promise<void> {
  if (plan.server) {
    launch(cluster, plan.server);
    // The server writes the client config (CA, token) as it starts: use it only once it answers.
    await waitFor(() => serverAnswers(cluster.server), "the server", plan.server.log);
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
  for (const p of plan.programs) launch(cluster, p, { SKIFF_SERVER: cluster.server, SKIFF_CONFIG: configPath() });
}

function launch(cluster: LocalCluster, p: LocalProcess, env?: Record<string, string>): void {
  const pid = spawnSkiff(cluster.dir, p.name, p.args!, p.program, env);
  for (const entry of cluster.processes) if (entry.name === p.name) entry.pid = pid;
  writeCluster(cluster);
}

async function serverAnswers(server: string): Promise<boolean> {
  const probe = new SkiffClient({ server });
  try {
    return (await probe.health()).status === "ok";
  } finally {
    probe.close();
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
