// A real etcd for tests: its own process on 127.0.0.1, free ports, a temp data dir; stopped and
// removed after. Not shipped (test-*.ts is excluded from the package build).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface EtcdProcess {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  dataDir: string;
  /** Kill it (SIGKILL: a crash, not a clean stop) and wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again on the same data dir and ports, and wait until it answers. */
  start(): Promise<void>;
  /** Kill it and remove its data dir. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/** Is Debian's etcd-server (or any etcd) on PATH? */
export function etcdBinary(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(":")) {
    const candidate = join(dir, "etcd");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function startEtcd(): Promise<EtcdProcess> {
  const binary = etcdBinary();
  if (!binary) throw new Error("no etcd on PATH: install Debian's etcd-server (scripts/setup.sh does)");
  // tmpfs when there is one: etcd fsyncs every commit, and the tests commit a lot.
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dataDir = await mkdtemp(join(base, "skiff-etcd-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const log = join(dataDir, "etcd.log");
  let child: ChildProcess | undefined;

  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, "exit");
    running.kill("SIGKILL");
    await exited;
  };
  const start = async () => {
    const args = [
      "--name", "default", "--data-dir", join(dataDir, "data"),
      "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
      "--initial-cluster", `default=${peer}`, "--initial-cluster-state", "new",
      "--logger", "zap", "--log-outputs", log,
    ];
    const started = spawn(binary, args, { stdio: "ignore" });
    child = started;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await healthy(endpoint))) {
      if (started.exitCode !== null) throw new Error(`etcd exited with ${started.exitCode} before answering on ${endpoint}: ${await tail(log)}`);
      if (Date.now() > deadline) {
        await kill();
        throw new Error(`etcd did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms: ${await tail(log)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // A test runner that dies must not leave etcd behind.
  const onExit = () => child?.kill("SIGKILL");
  process.once("exit", onExit);

  try {
    await start();
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    endpoint,
    dataDir,
    kill,
    start,
    stop: async () => {
      process.off("exit", onExit);
      await kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function healthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) });
    return ((await response.json()) as { health?: string }).health === "true";
  } catch {
    return false;
  }
}

/** A port nobody listens on now (the kernel's pick; another process could take it, rarely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "(no log)");
  return text.split("\n").slice(-5).join("\n");
}
