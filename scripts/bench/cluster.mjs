// A local cluster for the benchmarks: a `skiff server` process and `skiff agent` processes, secure
// as they run by default (the server's CA and admin token from the client config it writes in a
// temp dir, agents joined with a join token), the Kubernetes API off so no port is shared.
// Nothing of the user's ~/.skiff is read or written. stop() kills it all and removes its
// containers, volumes and networks.
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_FLAGS } from "../../packages/cli/dist/node-flags.js";
import { removeNodeLeftovers } from "../lib/docker-leftovers.mjs";

const { SkiffClient, loadConfig } = await import("../../packages/client/dist/index.js");
export const SKIFF = new URL("../../packages/cli/dist/main.js", import.meta.url).pathname;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** SIGKILL, resolved once the process is gone. */
const killed = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

async function until(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`bench cluster: ${what} not reached in ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** Start a server and `agents` agents; resolves once every node is Ready. */
export async function startCluster({ agents, name = "bench", serverArgs = [], serverNodeArgs = [] }) {
  const run = Math.random().toString(16).slice(2, 8);
  const dir = await mkdtemp(join(tmpdir(), `skiff-${name}-`));
  const configPath = join(dir, "client-config");
  const address = `127.0.0.1:${await freePort()}`;
  const children = [];
  // BENCH_LOG_DIR: each process's stderr goes to a file there (with SKIFF_TRACE=latency, the hand-offs of every pod).
  const logDir = process.env.BENCH_LOG_DIR;
  const start = (args, nodeArgs = []) => {
    const stderr = logDir ? openSync(join(logDir, `${name}${run}-${children.length}-${args[0]}.log`), "a") : "ignore";
    const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, SKIFF, ...args], { stdio: ["ignore", "ignore", stderr] });
    children.push(child);
    return child;
  };
  const nodes = Array.from({ length: agents }, (_, i) => `${name}${run}-${i + 1}`);
  let client;
  const stop = async () => {
    client?.close();
    // Dead before their containers go: a dying agent could still create one, holding the network.
    await Promise.all(children.map(killed));
    await Promise.all(nodes.map((n) => removeNodeLeftovers(n)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const server = start(["server", "--data-dir", join(dir, "data"), "--listen", address, "--client-config", configPath, "--kube-listen", "off", ...serverArgs], serverNodeArgs);
    await until("the server answering", async () => {
      const { ca, token } = loadConfig(configPath);
      const tried = new SkiffClient({ server: address, ca, token });
      // A client left open keeps redialling in the background: it would count in the server's idle CPU.
      await tried.health().catch((err) => {
        tried.close();
        throw err;
      });
      client = tried;
      return true;
    });
    const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "bench" });
    const tokenFile = join(dir, "join-token");
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    const agentChildren = nodes.map((n, i) =>
      start(["agent", "--server", address, "--name", n, "--address", `127.0.2.${(Number.parseInt(run, 16) % 200) + i + 1}`, "--token-file", tokenFile, "--state-dir", join(dir, "agents", n)]),
    );
    await until(`${agents} nodes Ready`, async () => {
      const { items } = await client.nodes.list();
      return items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length === agents;
    });
    return { client, nodes, server, agents: agentChildren, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export async function cpuSeconds(pid) {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the line: 11 and 12 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident set size of a process in MiB, from /proc. */
export async function rssMiB(pid) {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
