// R3: one agent runs in a network namespace of its own (netns.ts) and is cut off from the server
// by taking its veth down; its containers keep running on the host's Docker, now stale copies.
// The server must mark the node NotReady, fail its pods after the eviction timeout and have them
// replaced elsewhere. Then the link comes back: the stale copies must stop within one heartbeat,
// and no Service may send them traffic (the Endpoints, polled every 100 ms, and requests through
// the healthy node's NodePort, each answered with the name of the pod that served it).
import type { Pod } from "@skiff/api";
import { TestCluster, type AgentProcess } from "../support/cluster.js";
import { Containers, Figures, deployment, every, isLive, isReady, nodeReady, podsOf, secs, sleep, until, waitRolledOut } from "./harness.js";
import { NetnsAgent } from "./netns-agent.js";
import { NetnsLink } from "./netns.js";
import { ServiceTraffic } from "./service-traffic.js";

export interface R3Options {
  replicas: number;
}

// The default heartbeat period (2 s): "stopped within one heartbeat" is judged at the period
// users run with. NotReady after 3 silent periods, and a short eviction timeout to keep it quick.
export const R3_HEARTBEAT_MS = 2_000;
const SERVER_ARGS = ["--heartbeat-period", `${R3_HEARTBEAT_MS}ms`, "--node-grace", "3", "--eviction-timeout", "3s"];

export interface R3Result {
  cutNode: string;
  addresses: string;
  stalePods: string[];
  /** Before the cut, the healthy node's NodePort reached a pod on the node to be cut. */
  reachedBeforeCut: boolean;
  notReadyMs: number;
  evictedMs: number;
  replacedMs: number;
  staleRunningAtHeal: number;
  healedAtMs: number;
  /** From the heal: the agent's next registration (-1: none logged), its node Ready, the stale copies stopped. */
  registeredMs: number;
  readyAgainMs: number;
  /** By Docker's FinishedAt of the last stale copy; and when a poll of Docker first saw none running. */
  stoppedMs: number;
  seenStoppedMs: number;
  /** The failed pods' objects at the end (deleted ones are not listed). */
  staleObjects: string[];
  replacementsElsewhere: number;
  requests: { beforeEviction: number; cut: number; healed: number; failed: number };
  staleAnswersHealed: string[];
  staleAnswersAfterEviction: string[];
  /** The last request a stale copy answered after its pod was failed, from that moment (-1: none). */
  lastStaleAfterEvictionMs: number;
  staleEndpointSamplesHealed: number;
  /** The cut-off agent's log from the heal until just after its stale copies stopped. */
  timeline: string[];
  endpointSamples: number;
}

const APP = "r3";

export async function runR3(o: R3Options): Promise<R3Result> {
  await NetnsLink.removeLeftovers();
  const c = await TestCluster.start({ agents: 1, serverArgs: SERVER_ARGS });
  let link: NetnsLink | undefined;
  // The traffic and the samplers, stopped however the scenario ends.
  const stops: (() => Promise<void>)[] = [];
  try {
    link = await NetnsLink.create(c.dir, { host: "127.0.0.1", port: c.server.port });
    const name = `t${c.run}-n${c.agents.length + 1}`;
    const agent = new NetnsAgent(link, name, { tokenFile: c.tokenFile, stateDir: `${c.dir}/agents/${name}` });
    c.agents.push(agent);
    agent.start();
    await c.waitForNodes(2);
    return await scenario(c, link, agent, o, stops);
  } catch (err) {
    const pods = await podsOf(c, APP).catch(() => []);
    const status = pods.map((p) => `${p.metadata.name} on ${p.spec.nodeName}: ${p.status?.phase} ready=${isReady(p)} ${p.status?.message ?? ""}`).join("\n");
    const tail = (logs: string) => logs.split("\n").filter((l) => !l.includes("cannot listen yet")).join("\n").slice(-4000);
    console.log(`R3 failed; pods:\n${status}\nlogs tail:\n--- server\n${tail(c.server.logs)}\n${c.agents.map((a) => `--- ${a.name}\n${tail(a.logs)}`).join("\n")}`);
    throw err;
  } finally {
    for (const stop of stops) await stop();
    await c.dispose();
    await link?.dispose();
  }
}

const web = (replicas: number) =>
  deployment(APP, {
    replicas,
    // Each pod answers with its own name, and exits at once on SIGTERM (as PID 1, httpd would
    // ignore it and wait for the grace period's SIGKILL): the time to stop is the agent's, not the app's.
    container: {
      command: ["sh", "-c", "mkdir -p /www; echo $HOSTNAME > /www/index.html; httpd -f -p 8080 -h /www & trap 'exit 0' TERM; wait"],
      ports: [{ name: "http", containerPort: 8080 }],
    },
  });

const service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: APP },
  spec: { type: "NodePort", selector: { app: APP }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
};

async function scenario(c: TestCluster, link: NetnsLink, cut: AgentProcess, o: R3Options, stops: (() => Promise<void>)[]): Promise<R3Result> {
  const healthy = c.agents[0] as AgentProcess;
  await c.client.apply([web(o.replicas), service]);
  await waitRolledOut(c, APP, o.replicas, 90_000);
  const stale = (await podsOf(c, APP)).filter((p) => p.spec.nodeName === cut.name);
  if (stale.length === 0) throw new Error(`premise: no pod of ${APP} was placed on ${cut.name}, the node to cut off`);
  const staleNames = new Set(stale.map((p) => p.metadata.name));
  const staleIps = new Set(stale.map((p) => p.status?.podIP).filter((ip): ip is string => !!ip));
  const nodePort = (await c.client.services.get(APP)).spec.ports[0]?.nodePort;
  const traffic = new ServiceTraffic(c, APP, `http://${healthy.address}:${nodePort}/`, { names: staleNames, ips: staleIps });
  await until("the Service to answer on the healthy node", 20_000, async () => ((await traffic.ask()) ? true : undefined));
  let reachedBeforeCut = false;
  for (let i = 0; i < 40 && !reachedBeforeCut; i++) reachedBeforeCut = staleNames.has(await traffic.ask());
  // From the cut on: requests through the healthy node, and the Service's Endpoints.
  traffic.start();
  stops.push(() => traffic.stop());
  const docker = new Containers(c);
  const staleCopies = async () => (await docker.apps(`${APP}-`)).filter((x) => staleNames.has(x.labels["skiff.pod.name"] ?? ""));
  const staleRunning = async () => (await staleCopies()).filter((x) => x.state === "running").length;

  const cutAt = Date.now();
  await link.cut();
  const notReadyMs = await until(`${cut.name} NotReady`, 30_000, async () => (nodeReady(await c.client.nodes.get(cut.name)) !== "True" ? Date.now() - cutAt : undefined), 50);
  const evictedMs = await until("the cut-off node's pods failed", 30_000, async () => {
    const pods = await podsOf(c, APP);
    return pods.every((p) => !staleNames.has(p.metadata.name) || !isLive(p)) ? Date.now() - cutAt : undefined;
  }, 50);
  traffic.phase = "cut";
  const replacedMs = await until("replacements Ready elsewhere", 60_000, async () => {
    const live = (await podsOf(c, APP)).filter(isLive);
    const ok = live.length === o.replicas && live.every((p) => isReady(p) && p.spec.nodeName !== cut.name);
    return ok ? Date.now() - cutAt : undefined;
  });
  await waitRolledOut(c, APP, o.replicas, 60_000);
  const staleRunningAtHeal = await staleRunning();

  const logFrom = cut.logs.length;
  const healedAt = Date.now();
  await link.heal();
  traffic.phase = "healed";
  let registeredMs = -1;
  const registration = every(20, async () => {
    if (registeredMs < 0 && /\bregistered\b/.test(cut.logs.slice(logFrom))) registeredMs = Date.now() - healedAt;
  });
  stops.push(() => registration.stop());
  const [readyAgainMs, seenStoppedMs] = await Promise.all([
    until(`${cut.name} Ready again`, 60_000, async () => (nodeReady(await c.client.nodes.get(cut.name)) === "True" ? Date.now() - healedAt : undefined), 50),
    until("the stale copies stopped", 60_000, async () => ((await staleRunning()) === 0 ? Date.now() - healedAt : undefined), 50),
  ]);
  // When each stopped, by Docker's own record (polling Docker on a busy machine lags); a copy
  // already removed counts as stopped when the poll saw it gone.
  const finished = (await staleCopies()).map((x) => (x.finishedAt ? Date.parse(x.finishedAt) - healedAt : seenStoppedMs));
  const stoppedMs = Math.max(...finished, finished.length < staleNames.size ? seenStoppedMs : -Infinity);
  // Keep asking for a little longer: a stale copy that came back to the Endpoints would show now.
  await sleep(1_000);
  await registration.stop();
  await traffic.stop();
  const final = (await podsOf(c, APP)).filter(isLive);
  const staleObjects = (await podsOf(c, APP)).filter((p) => staleNames.has(p.metadata.name)).map((p) => `${p.metadata.name} ${p.status?.phase}${p.metadata.deletionTimestamp ? " (deleting)" : ""}`);
  const timeline = agentTimeline(cut.logs.slice(logFrom), healedAt, healedAt + stoppedMs + 500);

  const result: R3Result = {
    cutNode: cut.name,
    addresses: `agent in ${link.agentNs} (veth ${link.agentAddress}, node address ${cut.address}), relay to the server on ${link.serverEndpoint} in ${link.serverNs}`,
    stalePods: [...staleNames],
    reachedBeforeCut,
    notReadyMs,
    evictedMs,
    replacedMs,
    staleRunningAtHeal,
    healedAtMs: healedAt - cutAt,
    registeredMs,
    readyAgainMs,
    stoppedMs,
    seenStoppedMs,
    staleObjects,
    replacementsElsewhere: final.filter((p: Pod) => p.spec.nodeName !== cut.name && isReady(p)).length,
    requests: traffic.requests,
    staleAnswersHealed: traffic.staleAnswers.healed,
    staleAnswersAfterEviction: traffic.staleAnswers.cut,
    lastStaleAfterEvictionMs: traffic.lastStaleAfterEviction ? traffic.lastStaleAfterEviction - cutAt - evictedMs : -1,
    staleEndpointSamplesHealed: traffic.staleEndpointsHealed,
    timeline,
    endpointSamples: traffic.endpointSamples,
  };
  print(o, result);
  return result;
}

function print(o: R3Options, r: R3Result): void {
  new Figures(`R3: an agent cut off by its own network namespace, healed after the eviction timeout (${o.replicas} replicas on 2 nodes; heartbeat ${R3_HEARTBEAT_MS} ms, NotReady after 3, eviction 3 s)`)
    .add("addresses", r.addresses)
    .add("cut-off node", `${r.cutNode}, running ${r.stalePods.join(", ")}`)
    .add("its pods reached by the Service before", r.reachedBeforeCut ? "yes" : "no")
    .add("NotReady after the cut", secs(r.notReadyMs))
    .add("pods failed after the cut", secs(r.evictedMs))
    .add("replaced elsewhere after the cut", secs(r.replacedMs))
    .add("healed after the cut", `${secs(r.healedAtMs)} (stale copies still running then: ${r.staleRunningAtHeal})`)
    .add("after healing: registered", r.registeredMs < 0 ? "not seen in the agent's log" : secs(r.registeredMs))
    .add("after healing: node Ready", secs(r.readyAgainMs))
    .add(
      "after healing: stale copies stopped",
      `${secs(r.stoppedMs)} by Docker's FinishedAt${r.registeredMs >= 0 ? ` (${secs(r.stoppedMs - r.registeredMs)} after registering)` : ""}, seen by polling at ${secs(r.seenStoppedMs)}; one heartbeat: ${secs(R3_HEARTBEAT_MS)}`,
    )
    .add("requests via the healthy node", `${r.requests.beforeEviction} before eviction, ${r.requests.cut} cut off after eviction, ${r.requests.healed} after healing, ${r.requests.failed} failed`)
    .add(
      "answered by a stale copy",
      `${r.staleAnswersAfterEviction.length} while cut off after eviction${r.lastStaleAfterEvictionMs >= 0 ? ` (the last ${secs(r.lastStaleAfterEvictionMs)} after the pods failed)` : ""}, ${r.staleAnswersHealed.length} after healing`,
    )
    .add("Endpoints samples with a stale IP", `${r.staleEndpointSamplesHealed} after healing (of ${r.endpointSamples})`)
    .add("at the end", `${r.replacementsElsewhere} Ready pods on other nodes; the failed pods' objects: ${r.staleObjects.join(", ") || "deleted"}`)
    .add("the agent after healing", r.timeline.join("\n") || "(nothing logged)")
    .print();
}

/** "+0.42 s message (pod)" for each of the agent's log lines in [from, to], its listen retries left out. */
function agentTimeline(logs: string, from: number, to: number): string[] {
  const lines: string[] = [];
  for (const line of logs.split("\n")) {
    let entry: { time?: number; msg?: string; pod?: string; container?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (!entry.time || entry.time < from || entry.time > to || entry.msg === "cannot listen yet") continue;
    lines.push(`+${secs(entry.time - from)} ${entry.msg}${entry.pod ? ` (${entry.pod})` : ""}`);
  }
  return lines.slice(0, Number(process.env.CHAOS_TIMELINE_LINES ?? 20));
}
