// skiff's side of the pod benchmark (pods.mjs): a real server and 2 agents on the local engine.
// Every wait watches the pods (no polling interval in the figures), except the ones that must ask
// Docker itself (the containers gone after a delete).
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { startCluster } from "./cluster.mjs";

const exec = promisify(execFile);
const GRACE = 1; // busybox's `sleep` ignores SIGTERM: both skiff and Swarm kill after 1 s

const running = (p) => p.status?.phase === "Running" && !p.metadata.deletionTimestamp;
const ready = (p) => running(p) && (p.status?.containerStatuses ?? []).every((c) => c.ready);

/** Resolves once `done(pods)` holds for the pods matching `labelSelector` (watched, from a list). */
async function untilPods(client, labelSelector, done, what, timeoutMs = 600_000) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const list = await client.pods.list({ namespace: "default", labelSelector });
    const pods = new Map(list.items.map((p) => [p.metadata.name, p]));
    if (done([...pods.values()])) return;
    for await (const ev of client.watch("Pod", { namespace: "default", labelSelector, resourceVersion: list.resourceVersion, signal: ac.signal })) {
      if (ev.type === "DELETED") pods.delete(ev.object.metadata.name);
      else if (ev.type !== "BOOKMARK") pods.set(ev.object.metadata.name, ev.object);
      if (done([...pods.values()])) return;
    }
    throw new Error(`pods bench: ${what} not reached in ${timeoutMs / 1000} s`);
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

const template = (app, image) => ({
  metadata: { labels: { app } },
  spec: { terminationGracePeriodSeconds: GRACE, containers: [{ name: "main", image, command: ["sleep", "3600"] }] },
});

const deployment = (name, replicas, image) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, image) },
});

/** Containers (any state) of pods named `prefix…` on the cluster's nodes. */
async function containersOf(nodes, prefix) {
  let n = 0;
  for (const node of nodes) {
    const { stdout } = await exec("docker", ["ps", "-a", "--filter", `label=skiff.node=${node}`, "--format", '{{.Label "skiff.pod.name"}}']);
    n += stdout.split("\n").filter((name) => name.startsWith(prefix)).length;
  }
  return n;
}

/** Seconds from `docker kill` of one pod's app container to the pod Running and ready again (restartCount 1). */
async function killedRestart(client, podName) {
  const { stdout } = await exec("docker", ["ps", "-q", "--filter", `name=_default_${podName}_main_`]);
  const id = stdout.trim().split("\n")[0];
  if (!id) throw new Error(`${podName}'s app container is not running`);
  const t0 = performance.now();
  await exec("docker", ["kill", id]);
  await untilPods(client, "app=many", (pods) => {
    const pod = pods.find((p) => p.metadata.name === podName);
    return (pod?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && ready(pod);
  }, `${podName} running again`);
  return (performance.now() - t0) / 1000;
}

export async function skiffRun({ replicas, singles, rolling, image, image2 }) {
  const cluster = await startCluster({ agents: 2, name: "benchpods" });
  const { client, nodes } = cluster;
  try {
    // One pod at a time on a quiet cluster: apply -> Running.
    const one = [];
    for (let i = 0; i < singles; i++) {
      const name = `one-${i}`;
      const pod = { apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: name } }, spec: template(name, image).spec };
      const t0 = performance.now();
      await client.apply([pod]);
      await untilPods(client, `app=${name}`, (pods) => pods.length === 1 && running(pods[0]), `${name} Running`);
      one.push((performance.now() - t0) / 1000);
    }
    for (let i = 0; i < singles; i++) await client.pods.delete(`one-${i}`, { namespace: "default" });
    await untilPods(client, "", (pods) => pods.length === 0, "the single pods gone");

    let t0 = performance.now();
    await client.apply([deployment("many", replicas, image)]);
    await untilPods(client, "app=many", (pods) => pods.filter(running).length === replicas, `${replicas} pods Running`);
    const allRunning = (performance.now() - t0) / 1000;

    const { items } = await client.pods.list({ namespace: "default", labelSelector: "app=many" });
    const restart = await killedRestart(client, items[0].metadata.name);

    t0 = performance.now();
    await client.delete("Deployment", "many", { namespace: "default" });
    for (;;) {
      if ((await containersOf(nodes, "many-")) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const deleteAll = (performance.now() - t0) / 1000;

    await client.apply([deployment("roll", rolling, image)]);
    await untilPods(client, "app=roll", (pods) => pods.length === rolling && pods.every(ready), `${rolling} pods ready`);
    t0 = performance.now();
    await client.apply([deployment("roll", rolling, image2)]);
    await untilPods(
      client,
      "app=roll",
      (pods) => pods.length === rolling && pods.every((p) => ready(p) && p.spec.containers[0].image === image2),
      "the rolling update done",
    );
    const rollingUpdate = (performance.now() - t0) / 1000;
    return { one, allRunning, restart, deleteAll, rollingUpdate };
  } finally {
    await cluster.stop();
  }
}
