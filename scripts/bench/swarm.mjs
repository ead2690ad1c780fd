// Docker Swarm as the peer of skiff's pod benchmark (pods.mjs), on the same engine and image:
// services of N replicas, a killed task, one-replica services, removal, a rolling update.
// The engine joins a single-node swarm on 127.0.0.1 only if it is in none, and leaves it after.
// Every service runs with `--stop-grace-period 1s` (skiff's pods get terminationGracePeriodSeconds
// 1: busybox's `sleep` as PID 1 ignores SIGTERM, so both are killed after 1 s, not Docker's 10 s);
// everything else is Swarm's default (restart delay 5 s; updates one task at a time, stop-first,
// no delay, 5 s monitor).
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { sleep } from "./cluster.mjs";

const exec = promisify(execFile);
const docker = async (...args) => (await exec("docker", args, { maxBuffer: 16 << 20 })).stdout.trim();
const lines = (text) => text.split("\n").filter(Boolean);

async function until(what, check, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`swarm bench: ${what} not reached in ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** Joins a swarm if the engine is in none; returns leave(), which undoes only what this did. */
export async function ensureSwarm() {
  const state = await docker("info", "--format", "{{.Swarm.LocalNodeState}}");
  if (state === "active") return async () => undefined;
  // An address pool clear of skiff's 10.244.0.0/16 and 10.96.0.0/12, so nothing the bench makes overlaps.
  await docker("swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr", "127.0.0.1:2377", "--default-addr-pool", "10.213.0.0/16");
  return async () => {
    await docker("swarm", "leave", "--force").catch(() => undefined);
  };
}

/** The running containers of a service, each as its image. */
async function running(service) {
  return lines(await docker("ps", "--filter", `label=com.docker.swarm.service.name=${service}`, "--format", "{{.Image}}"));
}

/** Containers of a service in any state (the engine removes them some time after `service rm`). */
async function anyContainers(service) {
  return lines(await docker("ps", "-aq", "--filter", `label=com.docker.swarm.service.name=${service}`)).length;
}

async function create(service, replicas, image) {
  await docker("service", "create", "--detach", "--quiet", "--no-resolve-image", "--name", service, "--replicas", String(replicas), "--stop-grace-period", "1s", image, "sleep", "3600");
}

async function remove(service) {
  await docker("service", "rm", service).catch(() => undefined);
  await until(`${service}'s containers gone`, async () => (await anyContainers(service)) === 0, 120_000);
}

/**
 * The Swarm figures: `replicas` running from one `service create`; one killed task's container
 * replaced and running; each of `singles` one-replica services created -> running (the median);
 * `service rm` of the replicas -> no container; a rolling update of `rolling` replicas.
 */
export async function swarmRun({ replicas, singles, rolling, image, image2, run }) {
  const name = (what) => `bench${run}-${what}`;
  const leave = await ensureSwarm();
  const made = [];
  try {
    const one = [];
    for (let i = 0; i < singles; i++) {
      const service = name(`one${i}`);
      made.push(service);
      const t0 = performance.now();
      await create(service, 1, image);
      await until(`${service} running`, async () => (await running(service)).length === 1);
      one.push((performance.now() - t0) / 1000);
    }
    for (const s of made.splice(0)) await remove(s);

    const many = name("many");
    made.push(many);
    let t0 = performance.now();
    await create(many, replicas, image);
    await until(`${replicas} replicas running`, async () => (await running(many)).length === replicas);
    const allRunning = (performance.now() - t0) / 1000;

    const [victim] = lines(await docker("ps", "-q", "--filter", `label=com.docker.swarm.service.name=${many}`));
    t0 = performance.now();
    await docker("kill", victim);
    await until("the killed task replaced", async () => {
      const ids = lines(await docker("ps", "-q", "--filter", `label=com.docker.swarm.service.name=${many}`));
      return ids.length === replicas && !ids.includes(victim);
    });
    const restart = (performance.now() - t0) / 1000;

    t0 = performance.now();
    await docker("service", "rm", many);
    await until(`${many}'s containers gone`, async () => (await anyContainers(many)) === 0);
    const deleteAll = (performance.now() - t0) / 1000;
    made.splice(made.indexOf(many), 1);

    const roll = name("roll");
    made.push(roll);
    await create(roll, rolling, image);
    await until(`${rolling} replicas running`, async () => (await running(roll)).length === rolling);
    t0 = performance.now();
    await docker("service", "update", "--detach", "--quiet", "--no-resolve-image", "--image", image2, roll);
    await until("the rolling update done", async () => {
      const images = await running(roll);
      return images.length === rolling && images.every((i) => i === image2);
    });
    const rollingUpdate = (performance.now() - t0) / 1000;
    return { one, allRunning, restart, deleteAll, rollingUpdate };
  } finally {
    for (const s of made) await remove(s).catch(() => undefined);
    await leave();
  }
}
