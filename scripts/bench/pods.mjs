// Seconds from applying 50 one-container pods on a 2-agent cluster to all Running, next to the
// seconds the same Docker engine takes for 50 `docker run -d` at parallelism 8, and the ratio;
// then one pod's app container killed with `docker kill`: seconds until its restart is Running.
// Real processes (a `skiff server` and two `skiff agent`s), real Docker, the local test image.
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { removeContainers, sleep, startCluster } from "./cluster.mjs";

const exec = promisify(execFile);
const IMAGE = "skiff-test/busybox:1";
const PODS = Number(process.env.BENCH_PODS ?? (process.env.BENCH_SHORT ? 4 : 50));
const PARALLEL = 8;
const run = Math.random().toString(16).slice(2, 8);

async function skiffRun() {
  const cluster = await startCluster({ agents: 2, name: "benchpods" });
  const { client } = cluster;
  try {
    const pods = Array.from({ length: PODS }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `bench-${i}` },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: IMAGE, command: ["sleep", "3600"] }] },
    }));
    const t0 = performance.now();
    await client.apply(pods);
    for (;;) {
      const { items } = await client.pods.list({ namespace: "default" });
      if (items.filter((p) => p.status?.phase === "Running").length === PODS) break;
      await sleep(50);
    }
    const allRunning = (performance.now() - t0) / 1000;
    return { allRunning, restart: await killedRestart(client) };
  } finally {
    await cluster.stop();
  }
}

/** Seconds from `docker kill` of bench-0's app container to the pod Running and ready again (restartCount 1). */
async function killedRestart(client) {
  const { stdout } = await exec("docker", ["ps", "-q", "--filter", "name=_default_bench-0_main_"]);
  const id = stdout.trim().split("\n")[0];
  if (!id) throw new Error("bench-0's app container is not running");
  const t0 = performance.now();
  await exec("docker", ["kill", id]);
  for (;;) {
    const pod = await client.pods.get("bench-0", { namespace: "default" });
    const status = pod.status?.containerStatuses?.[0];
    if ((status?.restartCount ?? 0) >= 1 && status?.ready) return (performance.now() - t0) / 1000;
    await sleep(20);
  }
}

async function dockerRun() {
  const label = `skiff.bench=${run}`;
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < PODS) {
      const i = next++;
      await exec("docker", ["run", "-d", "--label", label, "--name", `bench${run}-docker-${i}`, IMAGE, "sleep", "3600"]);
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return (performance.now() - t0) / 1000;
  } finally {
    await removeContainers(`label=${label}`);
  }
}

const docker = await dockerRun();
const skiff = await skiffRun();
console.log(`\nskiff bench: pods (${PODS} one-container pods, 2 agents, ${new Date().toISOString()})`);
console.log(`skiff: apply -> all Running        ${skiff.allRunning.toFixed(2).padStart(8)} s`);
console.log(`docker run -d x${PODS}, parallelism ${PARALLEL} ${docker.toFixed(2).padStart(8)} s`);
console.log(`ratio (target <= 1.3)              ${(skiff.allRunning / docker).toFixed(2).padStart(8)}`);
console.log(`skiff: killed container -> Running ${skiff.restart.toFixed(2).padStart(8)} s (target <= 1; the kubelet's first restart is immediate)`);
console.log("(each skiff pod is two containers: the infra container holding its network, and its app)");
