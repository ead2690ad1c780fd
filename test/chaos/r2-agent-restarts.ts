// R2: an agent is SIGKILLed and started again, over and over (a random pause of up to a second
// between kill and start, which may or may not let its node turn NotReady). After each restart
// every container the agent had must be adopted as it was: the same container ids, started at the
// same instant (never restarted), the same pods (none replaced), restart counts 0.
// "Adopted" is proven by a later event, not by waiting: a marker pod bound to the restarted node
// runs only once the new agent has taken its assignments, after its adoption pass.
import type { Pod } from "@skiff/api";
import type { AgentProcess } from "../support/cluster.js";
import { TestCluster } from "../support/cluster.js";
import { Containers, Figures, IMAGE_V1, deployment, every, isReady, nodeReady, podsOf, randomBetween, secs, sleep, until, waitRolledOut } from "./harness.js";

export interface R2Options {
  restarts: number;
  replicas: number;
  agents: number;
}

/** The product's default eviction timeout (10 s): a restart of a few seconds must not cost the node its pods. */
export const R2_SERVER_ARGS = ["--heartbeat-period", "500ms", "--node-grace", "3", "--eviction-timeout", "10s"];

export interface Restart {
  node: string;
  downMs: number;
  /** Kill to the new process's "registered" line. */
  registeredMs: number;
  /** Kill to the marker pod Running on the node. */
  adoptedMs: number;
  /** Whether the node was seen NotReady meanwhile (sampled every 100 ms). */
  wentNotReady: boolean;
  containers: number;
  adopted: number;
  /** Containers of the workload that are new since the start (a restart or a replacement). */
  fresh: string[];
  /** Containers of the start that are gone or no longer running as they were. */
  notAdopted: string[];
  podsReplaced: number;
  restartCount: number;
  podsNotReady: number;
}

const APP = "r2";

export async function runR2(o: R2Options): Promise<Restart[]> {
  const c = await TestCluster.start({ agents: o.agents, serverArgs: R2_SERVER_ARGS });
  try {
    return await scenario(c, o);
  } catch (err) {
    console.log(`R2 failed; agent logs tail:\n${c.agents.map((a) => `--- ${a.name}\n${a.logs.slice(-3000)}`).join("\n")}`);
    throw err;
  } finally {
    await c.dispose();
  }
}

async function scenario(c: TestCluster, o: R2Options): Promise<Restart[]> {
  await c.client.apply([deployment(APP, { replicas: o.replicas })]);
  await waitRolledOut(c, APP, o.replicas, 90_000);
  const docker = new Containers(c);
  const workload = async () => (await docker.all()).filter((x) => (x.labels["skiff.pod.name"] ?? "").startsWith(`${APP}-`));
  const before = new Map((await workload()).map((x) => [x.id, x]));
  const uids = new Set((await podsOf(c, APP)).map((p) => p.metadata.uid));

  const notReady = new Set<string>();
  const nodes = every(100, async () => {
    const { items } = await c.client.nodes.list().catch(() => ({ items: [] }));
    for (const n of items) if (nodeReady(n) !== "True") notReady.add(n.metadata.name);
  });

  const restarts: Restart[] = [];
  for (let i = 1; i <= o.restarts; i++) {
    const agent = c.agents[i % c.agents.length] as AgentProcess;
    notReady.delete(agent.name);
    const logFrom = agent.logs.length;
    const killed = Date.now();
    await agent.stop("SIGKILL");
    const downMs = randomBetween(0, 1000);
    await sleep(downMs);
    agent.start();
    const registeredMs = await until(`${agent.name} to register again`, 30_000, async () => (/registered/.test(agent.logs.slice(logFrom)) ? Date.now() - killed : undefined), 20);
    const marker = `mark-${i}`;
    await c.client.apply([markerPod(marker, agent.name)]);
    const adoptedMs = await until(`${marker} Running on ${agent.name}`, 30_000, async () => {
      const p = await c.client.pods.get(marker);
      return p.status?.phase === "Running" ? Date.now() - killed : undefined;
    });
    await c.client.pods.delete(marker);

    const now = new Map((await workload()).map((x) => [x.id, x]));
    const notAdopted = [...before.values()].filter((x) => now.get(x.id)?.state !== "running" || now.get(x.id)?.startedAt !== x.startedAt).map((x) => x.name);
    const fresh = [...now.values()].filter((x) => !before.has(x.id)).map((x) => x.name);
    const pods = await podsOf(c, APP);
    restarts.push({
      node: agent.name,
      downMs,
      registeredMs,
      adoptedMs,
      wentNotReady: notReady.has(agent.name),
      containers: before.size,
      adopted: before.size - notAdopted.length,
      fresh,
      notAdopted,
      podsReplaced: pods.filter((p) => !uids.has(p.metadata.uid)).length + [...uids].filter((u) => !pods.some((p) => p.metadata.uid === u)).length,
      restartCount: pods.reduce((n, p: Pod) => n + (p.status?.containerStatuses ?? []).reduce((m, s) => m + (s.restartCount ?? 0), 0), 0),
      podsNotReady: pods.filter((p) => !isReady(p)).length,
    });
  }
  await nodes.stop();
  print(o, restarts);
  return restarts;
}

function markerPod(name: string, node: string) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: "main", image: IMAGE_V1, command: ["sleep", "3600"] }] },
  };
}

function print(o: R2Options, rs: Restart[]): void {
  new Figures(`R2: an agent SIGKILLed and restarted ${o.restarts} times (${o.agents} agents, a Deployment of ${o.replicas}; heartbeat 500 ms, NotReady after 1.5 s, eviction 10 s)`)
    .add(
      "restarts",
      rs
        .map((r, i) => `#${i + 1} ${r.node}: down ${secs(r.downMs)}, registered after ${secs(r.registeredMs)}, marker pod running after ${secs(r.adoptedMs)}${r.wentNotReady ? ", went NotReady" : ""}; adopted ${r.adopted}/${r.containers}`)
        .join("\n"),
    )
    .add("containers not adopted", rs.reduce((n, r) => n + r.notAdopted.length, 0))
    .add("containers made anew", rs.reduce((n, r) => n + r.fresh.length, 0))
    .add("container restarts (pod status)", Math.max(0, ...rs.map((r) => r.restartCount)))
    .add("pods replaced", Math.max(0, ...rs.map((r) => r.podsReplaced)))
    .add("pods not Ready after a restart", Math.max(0, ...rs.map((r) => r.podsNotReady)))
    .print();
}
