// skiff in containers: the image built offline (scripts/build-image.sh), and docker-compose.yml's
// cluster (a server and three agents) run by `docker compose` or Debian's `docker-compose`
// (scripts/compose.sh installs the latter when neither is there). The host's CLI talks to it with
// the config the server wrote; a Deployment spreads over the nodes, moves off a killed agent, and
// `down -v` leaves nothing of the run behind: no container (pods included), volume or network.
//
// Each run has its own compose project, node names, node addresses, server port and config dir,
// so it never touches another cluster on this engine. skiff:dev and skiff-base/node:20 are kept
// for reuse (scripts/build-image.sh rebuilds skiff:dev each time, the base only when missing).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IMAGE, eventually } from "./support/cluster.js";
import { REPO, freePort, skiff, tempDir } from "./support/skiff.js";
import { parseMetrics } from "../packages/server/src/metrics/test-prometheus.js";

const exec = promisify(execFile);
const IMAGE = "skiff:dev";
/** For each wait of the cluster test. */
const TIMEOUT = 60_000;
const run = randomBytes(3).toString("hex");
const project = `skiffc${run}`;
const prefix = `c${run}`;
const nodes = [1, 2, 3].map((i) => `${prefix}-${i}`);
const addressPrefix = `127.0.${100 + Math.floor(Math.random() * 100)}`;

let dir: { path: string; remove(): Promise<void> } | undefined;
let composeEnv: Record<string, string> = {};
let cliEnv: Record<string, string> = {};
let composeUp = false;
let buildOutput = "";

/** scripts/compose.sh ARGS for this run's project (docker compose or docker-compose). */
async function compose(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await exec("bash", [join(REPO, "scripts/compose.sh"), "-p", project, "-f", join(REPO, "docker-compose.yml"), ...args], {
      cwd: REPO,
      env: { ...process.env, ...composeEnv },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`compose ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`, { cause: err });
  }
}

async function docker(...args: string[]): Promise<string> {
  return (await exec("docker", args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

/** The container of a compose service of this run (names differ between compose v1 and v2). */
async function serviceContainer(service: string): Promise<string> {
  const ids = lines(await docker("ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`, "--filter", `label=com.docker.compose.service=${service}`));
  if (ids.length !== 1) throw new Error(`expected one container for ${service}, found ${ids.length}`);
  return ids[0]!;
}

async function readyNodes(): Promise<string[]> {
  const r = await skiff(["get", "nodes", "-o", "json"], { env: cliEnv });
  if (r.code !== 0) throw new Error(r.stderr);
  const list = JSON.parse(r.stdout) as { items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] };
  return list.items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).map((n) => n.metadata.name);
}

interface PodView {
  name: string;
  node?: string;
  phase?: string;
}

async function pods(): Promise<PodView[]> {
  const r = await skiff(["get", "pods", "-l", "app=web", "-o", "json"], { env: cliEnv });
  if (r.code !== 0) throw new Error(r.stderr);
  const list = JSON.parse(r.stdout) as { items: { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status?: { phase?: string } }[] };
  return list.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => ({ name: p.metadata.name, node: p.spec.nodeName, phase: p.status?.phase }));
}

/** eventually(), with the cluster's recent logs when it times out. */
async function within<T>(timeoutMs: number, check: () => Promise<T>): Promise<T> {
  try {
    return await eventually(check, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- compose logs\n${await composeLogs()}`, { cause: err });
  }
}

async function composeLogs(): Promise<string> {
  try {
    return (await compose("logs", "--no-color", "--tail", "30")).slice(-8000);
  } catch (err) {
    return (err as Error).message;
  }
}

/** Everything of this run still in Docker: containers, volumes, networks. */
async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  const byProject = ["--filter", `label=com.docker.compose.project=${project}`];
  found.push(...lines(await docker("ps", "-a", "--format", "container {{.Names}}", ...byProject)));
  found.push(...lines(await docker("volume", "ls", "--format", "volume {{.Name}}", ...byProject)));
  found.push(...lines(await docker("network", "ls", "--format", "network {{.Name}}", ...byProject)));
  for (const node of nodes) {
    found.push(...lines(await docker("ps", "-a", "--format", "container {{.Names}}", "--filter", `label=skiff.node=${node}`)));
    found.push(...lines(await docker("volume", "ls", "--format", "volume {{.Name}}", "--filter", `label=skiff.node=${node}`)));
  }
  // By name too: compose's own (project_...) and the nodes' bridges (skiff-<node>).
  found.push(...lines(await docker("volume", "ls", "--format", "volume {{.Name}}")).filter((l) => l.startsWith(`volume ${project}_`)));
  found.push(...lines(await docker("network", "ls", "--format", "network {{.Name}}")).filter((l) => l.startsWith(`network ${project}_`) || nodes.some((n) => l === `network skiff-${n}`)));
  return [...new Set(found)];
}

beforeAll(async () => {
  // Compose: the v2 plugin, else Debian's docker-compose (installed by the script when missing).
  try {
    await exec("bash", [join(REPO, "scripts/compose.sh"), "--which"]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`this test needs Docker Compose ('docker compose' or 'docker-compose') and could not get it:\n${e.stderr ?? e.message}`, { cause: err });
  }
  // The image, built offline (both tests use it): the base only when missing, skiff:dev each time.
  const built = await exec("bash", [join(REPO, "scripts/build-image.sh")], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stderr?: string; message: string }) => {
    throw new Error(`scripts/build-image.sh failed: ${err.message}\n${err.stderr ?? ""}`);
  });
  buildOutput = built.stderr;
  dir = await tempDir("compose");
  composeEnv = {
    SKIFF_IMAGE: IMAGE,
    SKIFF_COMPOSE_DIR: dir.path,
    SKIFF_PORT: String(await freePort()),
    SKIFF_KUBE_PORT: String(await freePort()),
    SKIFF_METRICS_PORT: String(await freePort()),
    SKIFF_NODE_PREFIX: prefix,
    SKIFF_ADDRESS_PREFIX: addressPrefix,
  };
  cliEnv = { SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
}, 180_000);

afterAll(async () => {
  // After a failure: take the cluster down anyway, then whatever a killed agent left.
  if (composeUp) await compose("down", "-v", "--timeout", "60").catch(() => undefined);
  if (dir) await skiff(["down", ...nodes.flatMap((n) => ["--node", n])]).catch(() => undefined);
  await dir?.remove();
}, 120_000);

describe("the container image", () => {
  it("builds offline from this machine's Node.js, stays small, and holds node, ip and skiff", async () => {
    expect(buildOutput).toContain(`built ${IMAGE}`);
    const size = Number((await docker("image", "inspect", "-f", "{{.Size}}", IMAGE)).trim());
    expect(size).toBeLessThan(150 * 1000 * 1000);
    const entrypoint = JSON.parse(await docker("image", "inspect", "-f", "{{json .Config.Entrypoint}}", IMAGE)) as string[];
    expect(entrypoint).toEqual(["node", "/opt/skiff/packages/cli/dist/main.js"]);
    const help = await docker("run", "--rm", IMAGE, "--help");
    expect(help).toMatch(/\bserver\b/);
    expect(help).toMatch(/\bagent\b/);
    const tools = await docker("run", "--rm", "--entrypoint", "sh", IMAGE, "-c", "ip -V && skiff agent --help");
    expect(tools).toMatch(/iproute2/);
    expect(tools).toContain("--remove-pods-on-exit");
  }, 60_000);
});

describe("docker-compose.yml", () => {
  it("runs 3 nodes; a Deployment spreads over them and leaves a killed agent; down -v leaves nothing", async () => {
    const up = await compose("up", "-d");
    composeUp = true;
    expect(up).toMatch(/agent-3/);

    // 3 Ready nodes, seen by the host's CLI through the config the server wrote.
    await within(TIMEOUT, async () => {
      const ready = await readyNodes();
      if (nodes.some((n) => !ready.includes(n))) throw new Error(`Ready: ${ready.join(", ") || "none"}`);
    });
    // The healthchecks agree.
    await within(TIMEOUT, async () => {
      for (const service of ["server", "agent-1", "agent-2", "agent-3"]) {
        const health = (await docker("inspect", "-f", "{{.State.Health.Status}}", await serviceContainer(service))).trim();
        if (health !== "healthy") throw new Error(`${service} is ${health}`);
      }
    });
    // The server's and every agent's /metrics answer where docs/monitoring/prometheus.yml scrapes them.
    const targets = [`127.0.0.1:${composeEnv.SKIFF_METRICS_PORT}`, ...nodes.map((_, i) => `${addressPrefix}.${i + 1}:9100`)];
    for (const target of targets) {
      const text = await (await fetch(`http://${target}/metrics`)).text();
      const names = parseMetrics(text).map((f) => f.name);
      expect(names.filter((n) => n.endsWith("_process_resident_memory_bytes")), target).toHaveLength(1);
    }

    const wide = await skiff(["get", "nodes", "-o", "wide"], { env: cliEnv });
    for (const [i, node] of nodes.entries()) expect(wide.stdout).toMatch(new RegExp(`${node}\\s+Ready.*\\b0/2\\s+0/2Gi\\b.*${addressPrefix.replace(/\./g, "\\.")}\\.${i + 1}\\b`));

    // A Deployment of 3, applied from the host, runs across the nodes.
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: "main",
                image: TEST_IMAGE,
                command: ["sh", "-c", "hostname > /www/index.html && exec httpd -f -p 8080 -h /www"],
                ports: [{ containerPort: 8080 }],
              },
            ],
          },
        },
      },
    };
    const service = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    const applied = await skiff(["apply", "-f", "-"], { env: cliEnv, input: [deployment, service].map((d) => JSON.stringify(d)).join("\n---\n") });
    expect(applied.code, applied.stderr).toBe(0);
    const placed = await within(TIMEOUT, async () => {
      const list = await pods();
      const running = list.filter((p) => p.phase === "Running");
      if (running.length !== 3) throw new Error(`${running.length}/3 Running: ${JSON.stringify(list)}`);
      return running;
    });
    const used = new Set(placed.map((p) => p.node));
    expect(used.size).toBeGreaterThanOrEqual(2);
    // The pods are the host engine's containers, with their node's label.
    for (const p of placed) expect(lines(await docker("ps", "-q", "--filter", `label=skiff.node=${p.node}`)).length).toBeGreaterThan(0);

    // The NodePort answers on every node's own address (host networking: nothing to publish).
    const svc = await skiff(["get", "svc", "web", "-o", "json"], { env: cliEnv });
    const nodePort = (JSON.parse(svc.stdout) as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]!.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    for (const i of [1, 2, 3]) {
      await within(TIMEOUT, async () => {
        const res = await fetch(`http://${addressPrefix}.${i}:${nodePort}/`, { signal: AbortSignal.timeout(3000) });
        const body = await res.text();
        if (!placed.some((p) => body.trim() === p.name)) throw new Error(`node ${i}: ${res.status} ${body}`);
      });
    }

    // Kill the agent of a node that runs a pod: its pods are replaced on the other nodes.
    const victim = placed[0]!.node!;
    const victimService = `agent-${nodes.indexOf(victim) + 1}`;
    await docker("kill", await serviceContainer(victimService));
    await within(TIMEOUT, async () => {
      const list = await pods();
      const running = list.filter((p) => p.phase === "Running" && p.node !== victim);
      if (running.length !== 3) throw new Error(`${running.length}/3 Running off ${victim}: ${JSON.stringify(list)}`);
    });
    expect(await readyNodes()).not.toContain(victim);

    // Started again, the agent rejoins (with its stored certificate) and removes what it left.
    await compose("up", "-d");
    await within(TIMEOUT, async () => {
      if (!(await readyNodes()).includes(victim)) throw new Error(`${victim} is not Ready again`);
      const left = lines(await docker("ps", "-aq", "--filter", `label=skiff.node=${victim}`));
      if (left.length > 0) throw new Error(`${left.length} container(s) of ${victim} still there`);
    });

    // down -v: the agents, stopped, remove their pods; compose removes its containers and volumes.
    const podContainers = (await Promise.all(nodes.map((n) => docker("ps", "-q", "--filter", `label=skiff.node=${n}`)))).flatMap(lines);
    expect(podContainers.length).toBeGreaterThanOrEqual(6); // 3 pods, each an app and an infra container
    await compose("down", "-v", "--timeout", "60");
    composeUp = false;
    expect(await leftovers()).toEqual([]);
  }, 240_000);
});
