// skiff's pods beside its peers on the same Docker engine, in one run (issue 18): plain
// `docker run -d` (8 at a time), a Docker Swarm service (swarm.mjs), and skiff (a server and 2
// agents, pods-skiff.mjs). Printed as a table with the targets; numbers, never pass/fail.
//   - N replicas, create -> all running: a Deployment of N / N `docker run -d` / a service of N
//   - one killed container running again
//   - one pod, apply -> Running: the median of several (a Pod / `docker run -d` / a 1-replica service)
//   - delete N -> no container
//   - a rolling update of 10 (skiff: the Deployment's defaults, maxSurge and maxUnavailable 25%;
//     Swarm: its defaults, one task at a time, stop-first)
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { removeContainers, removeNetwork } from "../lib/docker-leftovers.mjs";
import { skiffRun } from "./pods-skiff.mjs";
import { swarmRun } from "./swarm.mjs";

const exec = promisify(execFile);
const SHORT = Boolean(process.env.BENCH_SHORT);
const IMAGE = "skiff-test/busybox:1";
const IMAGE2 = "skiff-test/busybox:2";
const REPLICAS = Number(process.env.BENCH_PODS ?? (SHORT ? 4 : 50));
const SINGLES = SHORT ? 3 : 10;
const ROLLING = SHORT ? 2 : 10;
const PARALLEL = 8;
const SWARM = process.env.BENCH_SWARM !== "0";
const run = Math.random().toString(16).slice(2, 8);

/** `job(i)` for each i < `count`, `parallel` at a time: seconds for each, and for them all. */
async function timed(count, parallel, job) {
  const each = [];
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      await job(i);
      each.push((performance.now() - t) / 1000);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { all: (performance.now() - t0) / 1000, each };
}

const label = `skiff.bench=${run}`;
const dockerRunD = async (name, args = []) => (await exec("docker", ["run", "-d", "--label", label, ...args, "--name", `bench${run}-${name}`, IMAGE, "sleep", "3600"])).stdout.trim();

/** `count` × `docker run -d`, `parallel` at a time. */
async function dockerRun(count, parallel, what) {
  try {
    return await timed(count, parallel, (i) => dockerRunD(`${what}-${i}`));
  } finally {
    await removeContainers(`label=${label}`);
  }
}

/**
 * Docker's own floor for pods as skiff makes them: `docker run -d` of a container with its own
 * network namespace on a bridge network of its own (as the infra container), then one joining that
 * namespace (as the app container), in series; `count` pairs, `parallel` at a time.
 */
async function dockerPairs(count, parallel, what) {
  const net = `bench${run}-${what}`;
  await exec("docker", ["network", "create", "--label", label, net]);
  try {
    return await timed(count, parallel, async (i) => {
      const infra = await dockerRunD(`${what}-infra-${i}`, ["--network", net]);
      await dockerRunD(`${what}-app-${i}`, ["--network", `container:${infra}`]);
    });
  } finally {
    await removeContainers(`label=${label}`);
    await removeNetwork(net);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const docker = { one: (await dockerRun(SINGLES, 1, "one")).each, pair: (await dockerPairs(SINGLES, 1, "pair")).each, allRunning: (await dockerRun(REPLICAS, PARALLEL, "many")).all, allPairs: (await dockerPairs(REPLICAS, PARALLEL, "pairs")).all };
const swarm = SWARM ? await swarmRun({ replicas: REPLICAS, singles: SINGLES, rolling: ROLLING, image: IMAGE, image2: IMAGE2, run }) : undefined;
const skiff = await skiffRun({ replicas: REPLICAS, singles: SINGLES, rolling: ROLLING, image: IMAGE, image2: IMAGE2 });

const s = (x) => (x === undefined ? "—" : `${x.toFixed(2)} s`);
const rows = [
  [`${REPLICAS} replicas, create -> all running`, s(docker.allRunning), s(swarm?.allRunning), s(skiff.allRunning), `<= 1.3 x docker (${(skiff.allRunning / docker.allRunning).toFixed(2)} x), < Swarm`],
  [`  Docker alone: ${REPLICAS} pairs (infra + app), ${PARALLEL} at a time`, s(docker.allPairs), "—", "—", `(skiff's floor for ${REPLICAS} pods: skiff ${(skiff.allRunning / docker.allPairs).toFixed(2)} x)`],
  ["one killed container running again", "—", s(swarm?.restart), s(skiff.restart), "<= 1 s"],
  [`one pod, apply -> Running (median of ${SINGLES})`, s(median(docker.one)), s(swarm && median(swarm.one)), s(median(skiff.one)), "<= 0.4 s"],
  [`  Docker alone: one pair (infra, then app)`, s(median(docker.pair)), "—", "—", "(skiff's floor for one pod)"],
  [`delete ${REPLICAS} -> no container`, "—", s(swarm?.deleteAll), s(skiff.deleteAll), "(was 4.4 s)"],
  [`rolling update of ${ROLLING}`, "—", s(swarm?.rollingUpdate), s(skiff.rollingUpdate), "(was 2.9 s)"],
];
const head = ["work", "Docker alone", "Docker Swarm", "skiff", "target (issue 18)"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(`\nskiff bench: pods beside Docker and Swarm (one engine, ${new Date().toISOString()})`);
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(
  [
    `(Docker alone: \`docker run -d\`, ${PARALLEL} at a time for the replicas, one at a time for the single pod.`,
    ` The pair: \`docker run -d\` on a bridge network of its own, then one in its network namespace (\`--network container:\`),`,
    ` in series, what a pod of skiff asks of Docker before it runs; a pod's hostname is fixed when its infra container is made.`,
    ` skiff: a Deployment on 2 agents, each pod two containers (the infra container holding its network, and its app);`,
    ` rolling update with the Deployment's defaults (maxSurge 25%, maxUnavailable 25%).`,
    ` Swarm: a single-node swarm, services with --stop-grace-period 1s like skiff's pods, otherwise its defaults`,
    ` (restart delay 5 s; updates 1 task at a time, stop-first, no delay).${SWARM ? "" : " Swarm skipped: BENCH_SWARM=0."})`,
  ].join("\n"),
);
