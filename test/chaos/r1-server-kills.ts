// R1: the server is SIGKILLed at random moments of a rolling update, and started again each time
// on the same data dir. Meanwhile a writer applies ConfigMaps (each acknowledged one must survive),
// the Deployment's pods are sampled every 100 ms through the API (the rollout's bounds), and this
// run's containers every 250 ms through Docker (no pod ever runs twice).
// A moment is a random count of new pods Ready (so every kill falls inside the rollout, however
// fast the machine), plus a random delay; each kill records that the rollout was in progress.
import { TestCluster } from "../support/cluster.js";
import { AckedWrites } from "./acked-writes.js";
import {
  Containers,
  Figures,
  IMAGE_V2,
  deployment,
  distinctSorted,
  duplicates,
  every,
  imageOf,
  isLive,
  isReady,
  podsOf,
  randomBetween,
  secs,
  sleep,
  until,
  waitRolledOut,
} from "./harness.js";
import { RolloutBounds } from "./rollout-bounds.js";

export interface R1Options {
  replicas: number;
  moments: number;
  agents: number;
  maxSurge: number;
  maxUnavailable: number;
  /** For the first rollout to the old image, and for the update with its kills. */
  timeoutMs: number;
}

export interface Kill {
  /** Since the update was acknowledged. */
  atMs: number;
  /** The last sample before the kill: new pods Ready, old pods still live. */
  newReady: number;
  oldLive: number;
  /** From the kill until the restarted server logged that it listens, and until it answered a CLI call. */
  listeningMs: number;
  restartMs: number;
}

export interface R1Result {
  kills: Kill[];
  /** Kills made while the last sample showed the rollout unfinished. */
  killsInProgress: number;
  acknowledged: number;
  unacknowledged: number;
  lost: string[];
  samples: number;
  missedSamples: number;
  maxLive: number;
  minReady: number;
  /** Episodes of consecutive samples out of bounds: when, what, and the pods' and nodes' state at its start. */
  boundBreaks: string[];
  /** What the server logged about nodes and pods over the run (all its lives). */
  serverLog: Record<string, number>;
  /** How many times each agent registered (once, then after each kill). */
  agentsRegistered: number[];
  dockerSamples: number;
  duplicates: string[];
  rolloutMs: number;
  finalPods: number;
  finalImages: string[];
  finalRunning: number;
}

const APP = "r1";

/**
 * The server's own node lifecycle defaults (heartbeat 2 s, NotReady after 3, eviction 10 s), not
 * the test cluster's 0.5 s / 3 s: a restarted server gives each node that much time from its own
 * start, and agents that lost it come back within their reconnect back-off (at most 10 s). With
 * the test cluster's 4.5 s, a restart that takes a few seconds evicts every pod (R1 is about the
 * server's crash, not about nodes lost; R3 is).
 */
export const R1_SERVER_ARGS: string[] = [];

/** What a scenario that fails half-way has seen so far, for its report. */
interface SoFar {
  kills: Kill[];
  bounds?: RolloutBounds;
  /** The samplers and the writer, stopped however the scenario ends. */
  stops: (() => Promise<void>)[];
}

export async function runR1(o: R1Options): Promise<R1Result> {
  const c = await TestCluster.start({ agents: o.agents, serverArgs: R1_SERVER_ARGS });
  const soFar: SoFar = { kills: [], stops: [] };
  try {
    return await scenario(c, o, soFar);
  } catch (err) {
    console.log(`R1 failed: ${(err as Error).message}\n${await failureReport(c, o, soFar)}`);
    throw err;
  } finally {
    for (const stop of soFar.stops) await stop();
    await c.dispose();
  }
}

async function failureReport(c: TestCluster, o: R1Options, soFar: SoFar): Promise<string> {
  const d = await c.client.deployments.get(APP).catch(() => undefined);
  const sets = await c.client.replicaSets.list().then((l) => l.items, () => []);
  const pods = await podsOf(c, APP).catch(() => []);
  const byState = new Map<string, number>();
  for (const p of pods) {
    const key = `${imageOf(p)} ${p.status?.phase}${isReady(p) ? " Ready" : ""}${p.metadata.deletionTimestamp ? " deleting" : ""} on ${p.spec.nodeName ?? "no node"}`;
    byState.set(key, (byState.get(key) ?? 0) + 1);
  }
  const warnings = c.server.logs.split("\n").filter((l) => /"level":[45]0/.test(l)).slice(-15);
  return [
    `kills so far: ${soFar.kills.map((k) => `${secs(k.atMs)} (${k.newReady}/${o.replicas} new Ready)`).join(", ")}`,
    `bounds broken: ${soFar.bounds?.breaks.join("\n") || 0}`,
    `deployment status: ${JSON.stringify(d?.status)}`,
    `replica sets: ${sets.map((r) => `${r.metadata.name} spec ${r.spec.replicas} status ${JSON.stringify(r.status)}`).join("; ")}`,
    `pods: ${[...byState].map(([k, v]) => `${v} ${k}`).join(", ")}`,
    `server log: ${Object.entries(logCounts(c.server.logs)).map(([k, v]) => `${k}: ${v}`).join(", ")}`,
    `server warnings (last 15):\n${warnings.join("\n")}`,
  ].join("\n");
}

async function scenario(c: TestCluster, o: R1Options, soFar: SoFar): Promise<R1Result> {
  const shape = { replicas: o.replicas, maxSurge: o.maxSurge, maxUnavailable: o.maxUnavailable };
  await c.client.apply([deployment(APP, shape)]);
  await waitRolledOut(c, APP, o.replicas, o.timeoutMs);
  const docker = new Containers(c);
  const bounds = new RolloutBounds(c, APP, shape, IMAGE_V2);
  soFar.bounds = bounds;
  bounds.start();
  // No pod runs twice, from Docker every 250 ms (the server's state plays no part in it).
  const dup = { samples: 0, found: new Set<string>() };
  const dockerSampler = every(250, async () => {
    const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
    dup.samples++;
    for (const d of duplicates(running)) dup.found.add(d);
  });
  const writes = new AckedWrites(c, `${APP}-ack`);
  writes.start();
  soFar.stops.push(() => bounds.stop(), () => dockerSampler.stop(), () => writes.stop());

  const [update] = await c.client.apply([deployment(APP, { ...shape, image: IMAGE_V2 })]);
  bounds.since = Date.now();
  const kills = soFar.kills;
  let killsInProgress = 0;
  // Moments: distinct counts of new pods Ready, in the first four fifths of the rollout: each kill
  // and restart takes seconds in which pods may still turn Ready, so the last moment must leave
  // room for the rollout still to be on when it comes.
  const lastMoment = Math.min(o.replicas - 2, Math.max(o.moments - 1, Math.floor(o.replicas * 0.8)));
  for (const threshold of distinctSorted(o.moments, 0, lastMoment)) {
    await until(`${threshold} new pods Ready`, o.timeoutMs, async () => (bounds.newReady >= threshold ? true : undefined), 20);
    await sleep(randomBetween(0, 400));
    const { newReady, oldLive } = bounds;
    if (newReady < o.replicas || oldLive > 0) killsInProgress++;
    kills.push({ atMs: Date.now() - bounds.since, newReady, oldLive, ...(await killAndRestart(c)) });
  }

  await waitRolledOut(c, APP, o.replicas, o.timeoutMs);
  const rolloutMs = Date.now() - bounds.since;
  await writes.stop();
  // The old pods' containers are gone once their grace period is over.
  await until("only the new pods' containers running", 60_000, async () => {
    const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
    return running.length === o.replicas ? true : undefined;
  }, 250);
  await bounds.stop();
  await dockerSampler.stop();

  const lost = await writes.lost();
  const d = await c.client.deployments.get(APP);
  const generation = update?.object.metadata.generation ?? 0;
  if ((d.metadata.generation ?? 0) < generation || d.spec.template.spec.containers[0]?.image !== IMAGE_V2) lost.push(`deployment/${APP} (the update)`);
  const final = (await podsOf(c, APP)).filter(isLive);
  const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
  for (const x of duplicates(running)) dup.found.add(x);

  const result: R1Result = {
    kills,
    killsInProgress,
    acknowledged: writes.acked.size,
    unacknowledged: writes.unacked,
    lost,
    samples: bounds.samples,
    missedSamples: bounds.missed,
    maxLive: bounds.maxLive,
    minReady: bounds.minReady,
    boundBreaks: bounds.breaks,
    serverLog: logCounts(c.server.logs),
    agentsRegistered: c.agents.map((a) => a.logs.split("\n").filter((l) => l.includes('"msg":"registered"')).length),
    dockerSamples: dup.samples,
    duplicates: [...dup.found],
    rolloutMs,
    finalPods: final.length,
    finalImages: [...new Set(final.map(imageOf))].map(String),
    finalRunning: running.length,
  };
  print(o, result);
  return result;
}

/** SIGKILL, then start again on the same data dir: when it logged that it listens, when it answered. */
async function killAndRestart(c: TestCluster): Promise<{ listeningMs: number; restartMs: number }> {
  const killed = Date.now();
  const logFrom = c.server.logs.length;
  let listeningMs = -1;
  const listening = every(20, async () => {
    if (listeningMs < 0 && c.server.logs.includes("skiff server listening", logFrom)) listeningMs = Date.now() - killed;
  });
  await c.server.kill9();
  await c.server.start().catch(async (err: unknown) => {
    // The harness gives a start 20 s; on a loaded machine a restart can take longer. Still
    // running, it is only slow: wait for it (how long it took is in the figures).
    if (c.server.child?.exitCode !== null) throw err;
    await until("the restarted server to answer", 120_000, async () => ((await c.client.health()) ? true : undefined), 200);
  });
  await listening.stop();
  return { listeningMs, restartMs: Date.now() - killed };
}

function print(o: R1Options, r: R1Result): void {
  new Figures(`R1: server SIGKILLed at ${o.moments} random moments of a rolling update of ${o.replicas} replicas (${o.agents} agents, maxSurge ${o.maxSurge}, maxUnavailable ${o.maxUnavailable}; heartbeat 2 s, NotReady after 3, eviction 10 s)`)
    .add("kill moments", r.kills.map((k, i) => `#${i + 1} at ${secs(k.atMs)}: ${k.newReady}/${o.replicas} new Ready, ${k.oldLive} old live; listening again after ${secs(k.listeningMs)}, answering \`skiff version\` after ${secs(k.restartMs)}`).join("\n"))
    .add("kills during the rollout", `${r.killsInProgress}/${r.kills.length}`)
    .add("rollout completed in", secs(r.rolloutMs))
    .add("writes acknowledged", `${r.acknowledged} (and ${r.unacknowledged} cut off by a kill, not counted)`)
    .add("acknowledged writes lost", r.lost.length ? `${r.lost.length}: ${r.lost.slice(0, 10).join(", ")}` : 0)
    .add("bounds (API, every 100 ms)", `${r.samples} samples (${r.missedSamples} missed, server down); live max ${r.maxLive} (<= ${o.replicas + o.maxSurge}), ready min ${r.minReady} (>= ${o.replicas - o.maxUnavailable})`)
    .add("bounds broken", r.boundBreaks.length ? `${r.boundBreaks.length} episodes:\n${r.boundBreaks.slice(0, 10).join("\n")}` : 0)
    .add("server log", Object.entries(r.serverLog).map(([k, v]) => `${k}: ${v}`).join(", "))
    .add("agents registered", r.agentsRegistered.join(", "))
    .add("duplicates (Docker, every 250 ms)", r.duplicates.length ? `${r.duplicates.length} in ${r.dockerSamples} samples:\n${r.duplicates.slice(0, 10).join("\n")}` : `0 in ${r.dockerSamples} samples`)
    .add("at the end", `${r.finalPods} pods (${r.finalImages.join(", ")}), ${r.finalRunning} app containers running`)
    .print();
}

const LOGGED = ["node registered", "node is NotReady: no heartbeat", "node is Ready again", "pod failed: its node is lost", "pod status report refused"];

function logCounts(logs: string): Record<string, number> {
  return Object.fromEntries(LOGGED.map((m) => [m, logs.split("\n").filter((l) => l.includes(`"msg":"${m}"`)).length]));
}
