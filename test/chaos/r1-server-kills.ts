// R1: the server is SIGKILLed at random moments of a rolling update, and started again each time
// on the same data dir. Meanwhile a writer applies ConfigMaps (each acknowledged one must survive),
// the Deployment's pods are sampled every 100 ms through the API (the rollout's bounds), and this
// run's containers every 250 ms through Docker (no pod ever runs twice).
// A moment is a random count of new pods Ready (so every kill falls inside the rollout, however
// fast the machine), plus a random delay; each kill records that the rollout was in progress.
import type { Pod } from "@skiff/api";
import { TestCluster } from "../support/cluster.js";
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
  nodeReady,
  podsOf,
  randomBetween,
  secs,
  sleep,
  until,
  waitRolledOut,
} from "./harness.js";

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

export async function runR1(o: R1Options): Promise<R1Result> {
  const c = await TestCluster.start({ agents: o.agents, serverArgs: R1_SERVER_ARGS });
  try {
    return await scenario(c, o);
  } catch (err) {
    console.log(`R1 failed; server log tail:\n${c.server.logs.slice(-4000)}`);
    throw err;
  } finally {
    await c.dispose();
  }
}

async function scenario(c: TestCluster, o: R1Options): Promise<R1Result> {
  const shape = { replicas: o.replicas, maxSurge: o.maxSurge, maxUnavailable: o.maxUnavailable };
  await c.client.apply([deployment(APP, shape)]);
  await waitRolledOut(c, APP, o.replicas, o.timeoutMs);
  const docker = new Containers(c);

  // The rollout's bounds, from the API every 100 ms (no sample while the server is down).
  const bounds = { samples: 0, missed: 0, maxLive: 0, minReady: o.replicas, newReady: 0, oldLive: o.replicas };
  const breaks = new Episodes();
  const t0 = { at: 0 };
  const apiSampler = every(100, async () => {
    let pods: Pod[];
    try {
      pods = await podsOf(c, APP);
    } catch {
      bounds.missed++;
      return;
    }
    const live = pods.filter(isLive);
    const ready = live.filter(isReady);
    bounds.samples++;
    bounds.maxLive = Math.max(bounds.maxLive, live.length);
    bounds.minReady = Math.min(bounds.minReady, ready.length);
    bounds.newReady = ready.filter((p) => imageOf(p) === IMAGE_V2).length;
    bounds.oldLive = live.filter((p) => imageOf(p) !== IMAGE_V2).length;
    const at = t0.at ? Date.now() - t0.at : 0;
    const over = live.length > o.replicas + o.maxSurge ? `${live.length} live > ${o.replicas} + maxSurge ${o.maxSurge}` : "";
    const under = ready.length < o.replicas - o.maxUnavailable ? `${ready.length} ready < ${o.replicas} - maxUnavailable ${o.maxUnavailable}` : "";
    if (over || under) breaks.add(at, [over, under].filter(Boolean).join(", "), () => explain(c, pods));
    else breaks.clear();
  });

  // No pod runs twice, from Docker every 250 ms (the server's state plays no part in it).
  const dup = { samples: 0, found: new Set<string>() };
  const dockerSampler = every(250, async () => {
    const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
    dup.samples++;
    for (const d of duplicates(running)) dup.found.add(d);
  });

  // Acknowledged writes: one new ConfigMap at a time, each name written once.
  const writes = { acked: new Map<string, { rv: string; uid: string }>(), unacked: 0, stop: false };
  const writer = (async () => {
    for (let i = 0; !writes.stop; i++) {
      const name = `r1-ack-${i}`;
      try {
        const [r] = await c.client.apply([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { i: String(i) } }]);
        if (r) writes.acked.set(name, { rv: r.object.metadata.resourceVersion ?? "", uid: r.object.metadata.uid ?? "" });
      } catch {
        writes.unacked++; // the server died under this write: it may or may not be stored
        await sleep(100);
      }
      await sleep(50);
    }
  })();

  const kills: Kill[] = [];
  let killsInProgress = 0;
  const [update] = await c.client.apply([deployment(APP, { ...shape, image: IMAGE_V2 })]);
  t0.at = Date.now();
  const generation = update?.object.metadata.generation ?? 0;
  // Moments: distinct counts of new pods Ready, never the last one (the rollout must still be on).
  for (const threshold of distinctSorted(o.moments, 0, o.replicas - 2)) {
    await until(`${threshold} new pods Ready`, o.timeoutMs, async () => (bounds.newReady >= threshold ? true : undefined), 20);
    await sleep(randomBetween(0, 400));
    const { newReady, oldLive } = bounds;
    if (newReady < o.replicas || oldLive > 0) killsInProgress++;
    const killed = Date.now();
    const logFrom = c.server.logs.length;
    let listeningMs = -1;
    const listening = every(20, async () => {
      if (listeningMs < 0 && c.server.logs.includes("skiff server listening", logFrom)) listeningMs = Date.now() - killed;
    });
    await c.server.kill9();
    await c.server.start();
    await listening.stop();
    kills.push({ atMs: killed - t0.at, newReady, oldLive, listeningMs, restartMs: Date.now() - killed });
  }

  await waitRolledOut(c, APP, o.replicas, o.timeoutMs);
  const rolloutMs = Date.now() - t0.at;
  writes.stop = true;
  await writer;
  // The old pods' containers are gone once their grace period is over.
  await until("only the new pods' containers running", 60_000, async () => {
    const running = (await docker.apps(`${APP}-`)).filter((x) => x.state === "running");
    return running.length === o.replicas ? true : undefined;
  }, 250);
  await apiSampler.stop();
  await dockerSampler.stop();

  const stored = new Map((await c.client.configMaps.list()).items.map((cm) => [cm.metadata.name, cm]));
  const lost = [...writes.acked].filter(([name, w]) => stored.get(name)?.metadata.resourceVersion !== w.rv || stored.get(name)?.metadata.uid !== w.uid).map(([n]) => n);
  const d = await c.client.deployments.get(APP);
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
    boundBreaks: breaks.list.map((e) => `${secs(e.fromMs)} to ${secs(e.toMs)} (${e.samples} samples): ${e.what}; ${e.why}`),
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

/** Consecutive out-of-bounds samples, one episode each, explained once at its start. */
class Episodes {
  readonly list: { fromMs: number; toMs: number; samples: number; what: string; why: string }[] = [];
  private open = false;

  add(atMs: number, what: string, explain: () => Promise<string>): void {
    const last = this.list.at(-1);
    if (this.open && last) {
      last.toMs = atMs;
      last.samples++;
      return;
    }
    const episode = { fromMs: atMs, toMs: atMs, samples: 1, what, why: "" };
    this.list.push(episode);
    this.open = true;
    explain().then((why) => (episode.why = why), (err: unknown) => (episode.why = `(${(err as Error).message})`));
  }

  clear(): void {
    this.open = false;
  }
}

/** The pods by phase and Ready condition, and the nodes' Ready status. */
async function explain(c: TestCluster, pods: Pod[]): Promise<string> {
  const count = new Map<string, number>();
  for (const p of pods) {
    const ready = p.status?.conditions?.find((x) => x.type === "Ready");
    const key = `${p.metadata.deletionTimestamp ? "deleting " : ""}${p.status?.phase} Ready=${ready?.status}${ready?.reason ? ` (${ready.reason})` : ""}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const nodes = (await c.client.nodes.list()).items.map((n) => `${n.metadata.name} ${nodeReady(n)}`);
  return `pods: ${[...count].map(([k, v]) => `${v} ${k}`).join(", ")}; nodes: ${nodes.join(", ")}`;
}

const LOGGED = ["node registered", "node is NotReady: no heartbeat", "node is Ready again", "pod failed: its node is lost", "pod status report refused"];

function logCounts(logs: string): Record<string, number> {
  return Object.fromEntries(LOGGED.map((m) => [m, logs.split("\n").filter((l) => l.includes(`"msg":"${m}"`)).length]));
}
