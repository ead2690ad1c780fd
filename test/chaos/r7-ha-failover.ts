// R7: HA failover under a rolling update (issue 14). 3 etcd members, 3 servers on them, agents
// given all three servers. While a Deployment rolls (one rollout after another, the image flipped
// each time, until every fault is made), faults come at random moments of a rollout: the *leading*
// server SIGKILLed (then started again), the leader stopped with SIGTERM (a clean hand-over, then
// started again), an etcd member SIGKILLed (started again once writes and the rollout went on
// without it), an agent SIGKILLed (started again at once).
// Held, as R1 holds them on one server: the rollout's bounds (rollout-bounds.ts), no acknowledged
// write lost (acked-writes.ts), no pod running twice (Docker's view); and, of HA: a new leader
// acts within 10 s of a SIGKILL and within 2 s of a SIGTERM ("acts": its deployment controller
// makes the ReplicaSet of a probe Deployment created after the fault); no node NotReady at any
// moment; an agent whose server died is connected to another within 5 s, and no container of it
// restarted (the same container id and start time for every pod it still runs).
import type { ContainerInfo } from "@skiff/agent";
import type { AgentProcess } from "../support/cluster.js";
import type { ServerProcess } from "../support/skiff.js";
import { AckedWrites } from "./acked-writes.js";
import { HaCluster } from "./ha-cluster.js";
import {
  Containers,
  Figures,
  IMAGE_V1,
  IMAGE_V2,
  deployment,
  duplicates,
  every,
  imageOf,
  isLive,
  nodeReady,
  podsOf,
  randomBetween,
  secs,
  sleep,
  until,
  waitRolledOut,
} from "./harness.js";
import { RolloutBounds } from "./rollout-bounds.js";

export interface R7Options {
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  agents: number;
  leaderKills: number;
  leaderTerms: number;
  etcdKills: number;
  agentKills: number;
  /** For each rollout, and for each wait inside a fault. */
  timeoutMs: number;
}

export type FaultKind = "leader SIGKILL" | "leader SIGTERM" | "etcd member SIGKILL" | "agent SIGKILL";

export interface Fault {
  kind: FaultKind;
  /** Which rollout (1-based), and its progress at the fault: new pods Ready, old pods live. */
  rollout: number;
  newReady: number;
  oldLive: number;
  inProgress: boolean;
  /** The process hit: a server's address, an etcd member's name, a node's name. */
  target: string;
  /** Leader faults: until the Lease names another live server, and until that one acted. */
  leaseMs?: number;
  actsMs?: number;
  /** Agents connected to the server hit: each one's time until it was registered with another. */
  reconnects: { node: string; ms: number; to: string }[];
  /** Containers of the affected agents, compared before and after. */
  containersKept: number;
  restarted: string[];
  /** etcd member: how long it was down, and the writes acknowledged meanwhile. */
  downMs?: number;
  writesWhileDown?: number;
  /** From the fault until the process hit was back (answering, or registered). */
  backMs: number;
}

export interface R7Result {
  faults: Fault[];
  rollouts: number;
  acknowledged: number;
  unacknowledged: number;
  lost: string[];
  samples: number;
  missedSamples: number;
  maxLive: number;
  minReady: number;
  boundBreaks: string[];
  notReady: string[];
  notReadyLogged: number;
  dockerSamples: number;
  duplicates: string[];
  finalPods: number;
  finalImages: string[];
  /** The last rollout's image: what every pod runs at the end. */
  expectedImage: string;
  finalRunning: number;
  leaderLogs: number;
}

const APP = "r7";

/** The product's node lifecycle (heartbeat 2 s, NotReady after 3 missed, eviction 10 s): a failover must fit inside it. */
export const R7_SERVER_ARGS: string[] = [];

export async function runR7(o: R7Options): Promise<R7Result> {
  const c = await HaCluster.start({ servers: 3, agents: o.agents, serverArgs: R7_SERVER_ARGS });
  const stops: (() => Promise<void>)[] = [];
  const faults: Fault[] = [];
  try {
    return await scenario(c, o, faults, stops);
  } catch (err) {
    console.log(`R7 failed: ${(err as Error).message}\nfaults so far: ${faults.map(describeFault).join("\n")}\n${await failureReport(c)}`);
    throw err;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    await c.dispose();
  }
}

async function failureReport(c: HaCluster): Promise<string> {
  const d = await c.client.deployments.get(APP).catch(() => undefined);
  const warnings = c.servers.map((s, i) => `--- server-${i + 1} ${s.address}\n${s.logs.split("\n").filter((l) => /"level":[45]0/.test(l)).slice(-8).join("\n")}`);
  const agents = c.agents.map((a) => `--- ${a.name}\n${a.logs.split("\n").filter((l) => /"level":[45]0|reconnected|registered/.test(l)).slice(-6).join("\n")}`);
  return [`deployment status: ${JSON.stringify(d?.status)}`, ...warnings, ...agents].join("\n");
}

/** The faults in a random order: every kind mixed through the rollouts. */
function schedule(o: R7Options): FaultKind[] {
  const kinds: FaultKind[] = [
    ...Array<FaultKind>(o.leaderKills).fill("leader SIGKILL"),
    ...Array<FaultKind>(o.leaderTerms).fill("leader SIGTERM"),
    ...Array<FaultKind>(o.etcdKills).fill("etcd member SIGKILL"),
    ...Array<FaultKind>(o.agentKills).fill("agent SIGKILL"),
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds;
}

interface Round {
  n: number;
  image: string;
  bounds: RolloutBounds;
}

async function scenario(c: HaCluster, o: R7Options, faults: Fault[], stops: (() => Promise<void>)[]): Promise<R7Result> {
  const shape = { replicas: o.replicas, maxSurge: o.maxSurge, maxUnavailable: o.maxUnavailable };
  await c.client.apply([deployment(APP, shape)]);
  await waitRolledOut(c, APP, o.replicas, o.timeoutMs);
  const docker = new Containers(c);

  // No pod runs twice, from Docker every 250 ms.
  const dup = { samples: 0, found: new Set<string>() };
  const dockerSampler = every(250, async () => {
    const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
    dup.samples++;
    for (const d of duplicates(running)) dup.found.add(d);
  });
  // No node NotReady, ever, through whichever server answers.
  const notReady: string[] = [];
  const started = Date.now();
  const nodeSampler = every(250, async () => {
    for (const n of (await c.client.nodes.list()).items) {
      const status = nodeReady(n);
      if (c.agents.some((a) => a.name === n.metadata.name) && status !== "True") notReady.push(`${n.metadata.name} ${status} at ${secs(Date.now() - started)}`);
    }
  });
  const writes = new AckedWrites(c, `${APP}-ack`);
  writes.start();
  stops.push(() => dockerSampler.stop(), () => nodeSampler.stop(), () => writes.stop());

  // Rollouts one after another, each with faults at random counts of its new pods Ready; when a
  // fault's moment would fall past the rollout's four fifths, the next rollout takes it.
  const lastMoment = Math.max(1, Math.floor(o.replicas * 0.8) - 1);
  const rounds: Round[] = [];
  let round: Round | undefined;
  const totals = { samples: 0, missed: 0, maxLive: 0, minReady: o.replicas, breaks: [] as string[] };
  const finish = async (r: Round) => {
    await waitRolledOut(c, APP, o.replicas, o.timeoutMs);
    await r.bounds.stop();
    totals.samples += r.bounds.samples;
    totals.missed += r.bounds.missed;
    totals.maxLive = Math.max(totals.maxLive, r.bounds.maxLive);
    totals.minReady = Math.min(totals.minReady, r.bounds.minReady);
    totals.breaks.push(...r.bounds.breaks.map((b) => `rollout ${r.n}: ${b}`));
  };
  const begin = async (): Promise<Round> => {
    const image = rounds.length % 2 === 0 ? IMAGE_V2 : IMAGE_V1;
    const bounds = new RolloutBounds(c, APP, shape, image);
    bounds.start();
    await until("the update applied", o.timeoutMs, async () => (await c.client.apply([deployment(APP, { ...shape, image })])) ? true : undefined, 200);
    bounds.since = Date.now();
    const r = { n: rounds.length + 1, image, bounds };
    rounds.push(r);
    stops.push(() => bounds.stop());
    return r;
  };

  // A stopped server starts again while the rollout moves on to the next moment; the next fault
  // waits for it (never two servers down at once).
  let restarting: Promise<void> = Promise.resolve();
  stops.push(() => restarting);
  for (const kind of schedule(o)) {
    await restarting;
    if (!round || round.bounds.newReady >= lastMoment) {
      if (round) await finish(round);
      round = await begin();
    }
    const threshold = Math.floor(randomBetween(round.bounds.newReady, lastMoment + 1));
    const r = round;
    await until(`${threshold} new pods Ready`, o.timeoutMs, async () => (r.bounds.newReady >= threshold ? true : undefined), 20);
    await sleep(randomBetween(0, 400));
    const { newReady, oldLive } = r.bounds;
    const at = { kind, rollout: r.n, newReady, oldLive, inProgress: newReady < o.replicas || oldLive > 0 };
    if (kind === "leader SIGKILL" || kind === "leader SIGTERM") {
      const { figures, back } = await leaderFault(c, o, kind, docker, faults.length);
      const fault: Fault = { ...at, ...figures };
      faults.push(fault);
      restarting = back.then((ms) => void (fault.backMs = ms));
      // Awaited at the next fault; marked handled so that a failed start is not reported as unhandled meanwhile.
      restarting.catch(() => undefined);
    } else if (kind === "etcd member SIGKILL") faults.push({ ...at, ...(await etcdFault(c, o, r, writes)) });
    else faults.push({ ...at, ...(await agentFault(c, o, docker)) });
  }
  await restarting;
  if (round) await finish(round);
  await writes.stop();
  await until("only the new pods' containers running", 60_000, async () => {
    const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
    return running.length === o.replicas ? true : undefined;
  }, 250);
  await dockerSampler.stop();
  await nodeSampler.stop();

  const lost = await writes.lost();
  const final = (await podsOf(c, APP)).filter(isLive);
  const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
  for (const x of duplicates(running)) dup.found.add(x);
  const allLogs = c.servers.map((s) => s.logs).join("\n");
  const result: R7Result = {
    faults,
    rollouts: rounds.length,
    acknowledged: writes.acked.size,
    unacknowledged: writes.unacked,
    lost,
    samples: totals.samples,
    missedSamples: totals.missed,
    maxLive: totals.maxLive,
    minReady: totals.minReady,
    boundBreaks: totals.breaks,
    notReady,
    notReadyLogged: allLogs.split("\n").filter((l) => l.includes('"msg":"node is NotReady: no heartbeat"')).length,
    dockerSamples: dup.samples,
    duplicates: [...dup.found],
    finalPods: final.length,
    finalImages: [...new Set(final.map(imageOf))].map(String),
    expectedImage: rounds.at(-1)?.image ?? IMAGE_V1,
    finalRunning: running.length,
    leaderLogs: allLogs.split("\n").filter((l) => l.includes("this server leads")).length,
  };
  print(o, result);
  return result;
}

/**
 * The server an agent is registered with now, from its log: the first it was given, then the one
 * named by each registration (a restarted agent's log goes on in the same string).
 */
export function agentServer(logs: string, given: string): string {
  let server = given.split(",")[0]!;
  for (const line of logs.split("\n")) {
    if (!line.includes('"msg":"registered"')) continue;
    try {
      server = (JSON.parse(line) as { server?: string }).server ?? server;
    } catch {
      // A line cut in two by the pipe: the next one says the same.
    }
  }
  return server;
}

/** Running app containers by pod uid and container name. */
const byPod = (xs: ContainerInfo[]) => new Map(xs.filter((x) => x.state === "running").map((x) => [`${x.labels["skiff.pod.uid"]}/${x.labels["skiff.container"]}`, x]));

/** Containers of `before` that run again under another id or start time: restarted, not kept. */
function compareContainers(before: Map<string, ContainerInfo>, after: Map<string, ContainerInfo>): { kept: number; restarted: string[] } {
  let kept = 0;
  const restarted: string[] = [];
  for (const [key, x] of before) {
    const now = after.get(key);
    if (!now) continue; // Deleted by the rollout: not a restart.
    if (now.id === x.id && now.startedAt === x.startedAt) kept++;
    else restarted.push(`${x.labels["skiff.pod.name"]}/${x.labels["skiff.container"]} on ${x.labels["skiff.node"]}: ${x.id.slice(0, 12)} ${x.startedAt} -> ${now.id.slice(0, 12)} ${now.startedAt}`);
  }
  return { kept, restarted };
}

async function nodeContainers(docker: Containers, nodes: string[]): Promise<Map<string, ContainerInfo>> {
  return byPod((await docker.all()).filter((x) => nodes.includes(x.labels["skiff.node"] ?? "") && x.labels["skiff.container"] !== "POD"));
}

type FaultFigures = Omit<Fault, "kind" | "rollout" | "newReady" | "oldLive" | "inProgress">;

/**
 * SIGKILL or SIGTERM the leader; time the new leader's Lease and its first act; follow its agents.
 * `back`: the stopped server started again, resolving to the ms from the fault until it answers.
 */
async function leaderFault(c: HaCluster, o: R7Options, kind: FaultKind, docker: Containers, i: number): Promise<{ figures: FaultFigures; back: Promise<number> }> {
  const old = await c.leader(undefined, o.timeoutMs);
  const moved = c.agents.filter((a) => agentServer(a.logs, a.server) === old.address);
  const logFrom = new Map(moved.map((a) => [a, a.logs.length]));
  const before = await nodeContainers(docker, moved.map((a) => a.name));
  const probe = `${APP}-probe-${i}`;

  const at = Date.now();
  const stopped = kind === "leader SIGKILL" ? old.kill9() : old.stop("SIGTERM");
  if (kind === "leader SIGKILL") await stopped;
  const lease = c.leader(old, o.timeoutMs).then(() => Date.now() - at);
  const acts = (async () => {
    // Created through whichever server answers; its ReplicaSet can only come from a leader's controller.
    await until("the probe Deployment created", o.timeoutMs, async () => ((await c.client.apply([deployment(probe, { replicas: 0 })])).length ? true : undefined), 50);
    await until("the probe's ReplicaSet", o.timeoutMs, async () => ((await c.client.replicaSets.list()).items.some((r) => r.metadata.ownerReferences?.some((x) => x.name === probe)) ? true : undefined), 50);
    return Date.now() - at;
  })();
  const reconnects = Promise.all(moved.map(async (a) => {
    const line = await until(`${a.name} reconnected`, o.timeoutMs, async () => a.logs.slice(logFrom.get(a)).split("\n").find((l) => l.includes('"msg":"reconnected to the server"')), 20);
    const ms = Date.now() - at;
    return { node: a.name, ms, to: (JSON.parse(line) as { server?: string }).server ?? "?" };
  }));
  const [leaseMs, actsMs, reconnected] = await Promise.all([lease, acts, reconnects]);
  await stopped;
  await c.client.deployments.delete(probe).catch(() => undefined);
  // The moved agents' containers, once they are registered elsewhere: kept as they were.
  const { kept, restarted } = compareContainers(before, await nodeContainers(docker, moved.map((a) => a.name)));
  const back = restartServer(old, o).then(() => Date.now() - at);
  return { figures: { target: old.address, leaseMs, actsMs, reconnects: reconnected, containersKept: kept, restarted, backMs: -1 }, back };
}

async function restartServer(s: ServerProcess, o: R7Options): Promise<void> {
  await s.start().catch(async (err: unknown) => {
    // start() gives a server 60 s here; still running, it is only slow.
    if (s.child?.exitCode !== null) throw err;
    await until("the restarted server to answer", o.timeoutMs, async () => (s.logs.includes("skiff server listening") ? true : undefined), 200);
  });
}

/** SIGKILL one etcd member; start it again once writes and the rollout went on without it. */
async function etcdFault(c: HaCluster, o: R7Options, r: Round, writes: AckedWrites): Promise<FaultFigures> {
  const member = c.etcd.members[Math.floor(Math.random() * c.etcd.members.length)]!;
  const at = Date.now();
  await member.kill();
  const acked = writes.acked.size;
  const ready = r.bounds.newReady;
  // Nothing visible changes: writes are acknowledged and the rollout moves on (or is done).
  await until("writes and the rollout going on without the member", o.timeoutMs, async () =>
    writes.acked.size >= acked + 10 && (r.bounds.newReady > ready || r.bounds.newReady >= o.replicas) ? true : undefined, 50);
  const downMs = Date.now() - at;
  const writesWhileDown = writes.acked.size - acked;
  await member.restart();
  return { target: member.name, reconnects: [], containersKept: 0, restarted: [], downMs, writesWhileDown, backMs: Date.now() - at };
}

/** SIGKILL an agent and start it again at once: it adopts its containers as they were. */
async function agentFault(c: HaCluster, o: R7Options, docker: Containers): Promise<FaultFigures> {
  const agent: AgentProcess = c.agents[Math.floor(Math.random() * c.agents.length)]!;
  const before = await nodeContainers(docker, [agent.name]);
  const at = Date.now();
  await agent.stop("SIGKILL");
  const logFrom = agent.logs.length;
  agent.start();
  await until(`${agent.name} registered again`, o.timeoutMs, async () => (agent.logs.includes('"msg":"registered"', logFrom) ? true : undefined), 20);
  const backMs = Date.now() - at;
  const { kept, restarted } = compareContainers(before, await nodeContainers(docker, [agent.name]));
  return { target: agent.name, reconnects: [], containersKept: kept, restarted, backMs };
}

function describeFault(f: Fault, i: number): string {
  const head = `#${i + 1} ${f.kind} of ${f.target} in rollout ${f.rollout} (${f.newReady} new Ready, ${f.oldLive} old live)`;
  const parts: string[] = [];
  if (f.leaseMs !== undefined) parts.push(`new leader's Lease after ${secs(f.leaseMs)}, acted after ${secs(f.actsMs ?? -1)}`);
  if (f.reconnects.length) parts.push(`agents moved: ${f.reconnects.map((r) => `${r.node} to ${r.to} after ${secs(r.ms)}`).join(", ")}`);
  if (f.downMs !== undefined) parts.push(`down ${secs(f.downMs)}, ${f.writesWhileDown} writes acknowledged meanwhile`);
  if (f.kind === "agent SIGKILL" || f.reconnects.length) parts.push(`containers kept ${f.containersKept}, restarted ${f.restarted.length}`);
  parts.push(`back after ${secs(f.backMs)}`);
  return `${head}: ${parts.join("; ")}`;
}

function worst(values: number[]): string {
  if (!values.length) return "none";
  const sorted = [...values].sort((a, b) => a - b);
  return `max ${secs(sorted.at(-1)!)}, median ${secs(sorted[Math.floor(sorted.length / 2)]!)} (${values.length})`;
}

function print(o: R7Options, r: R7Result): void {
  const of = (k: FaultKind) => r.faults.filter((f) => f.kind === k);
  const reconnects = r.faults.flatMap((f) => f.reconnects.map((x) => x.ms));
  new Figures(`R7: HA (3 etcd members, 3 servers, ${o.agents} agents): the leader SIGKILLed ${o.leaderKills} times and SIGTERMed ${o.leaderTerms} times, an etcd member SIGKILLed ${o.etcdKills} times, an agent ${o.agentKills} times, at random moments of rolling updates of ${o.replicas} replicas (maxSurge ${o.maxSurge}, maxUnavailable ${o.maxUnavailable}; heartbeat 2 s, NotReady after 3, eviction 10 s)`)
    .add("faults", r.faults.map(describeFault).join("\n"))
    .add("faults during a rollout", `${r.faults.filter((f) => f.inProgress).length}/${r.faults.length}, over ${r.rollouts} rollouts`)
    .add("after SIGKILL: new leader's Lease", worst(of("leader SIGKILL").map((f) => f.leaseMs!)))
    .add("after SIGKILL: new leader acted", `${worst(of("leader SIGKILL").map((f) => f.actsMs!))} (<= 10 s)`)
    .add("after SIGTERM: new leader's Lease", `${worst(of("leader SIGTERM").map((f) => f.leaseMs!))} (<= 2 s)`)
    .add("after SIGTERM: new leader acted", worst(of("leader SIGTERM").map((f) => f.actsMs!)))
    .add("agents moved to another server", `${worst(reconnects)} (<= 5 s)`)
    .add("containers restarted", `${r.faults.reduce((n, f) => n + f.restarted.length, 0)} (of ${r.faults.reduce((n, f) => n + f.containersKept + f.restarted.length, 0)} compared)`)
    .add("writes acknowledged", `${r.acknowledged} (and ${r.unacknowledged} cut off by a fault, not counted)`)
    .add("acknowledged writes lost", r.lost.length ? `${r.lost.length}: ${r.lost.slice(0, 10).join(", ")}` : 0)
    .add("bounds (API, every 100 ms)", `${r.samples} samples (${r.missedSamples} missed); live max ${r.maxLive} (<= ${o.replicas + o.maxSurge}), ready min ${r.minReady} (>= ${o.replicas - o.maxUnavailable})`)
    .add("bounds broken", r.boundBreaks.length ? `${r.boundBreaks.length} episodes:\n${r.boundBreaks.slice(0, 10).join("\n")}` : 0)
    .add("nodes seen NotReady (API, every 250 ms)", r.notReady.length ? `${r.notReady.length}: ${r.notReady.slice(0, 10).join(", ")}` : 0)
    .add("servers logged a node NotReady", r.notReadyLogged)
    .add("leader terms logged", r.leaderLogs)
    .add("duplicates (Docker, every 250 ms)", r.duplicates.length ? `${r.duplicates.length} in ${r.dockerSamples} samples:\n${r.duplicates.slice(0, 10).join("\n")}` : `0 in ${r.dockerSamples} samples`)
    .add("at the end", `${r.finalPods} pods (${r.finalImages.join(", ")}), ${r.finalRunning} app containers running`)
    .print();
}
