// The local cluster of `skiff up`: a server and N agents as background processes on this
// machine, sharing its Docker engine. Each agent has its own loopback address (127.0.0.N+1) so
// that host ports of different nodes do not clash. Its state is one JSON file in its directory.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface LocalProcess {
  name: string;
  pid: number;
  log: string;
  address?: string;
}

export interface LocalCluster {
  dir: string;
  server: string;
  processes: LocalProcess[];
}

export const DEFAULT_LOCAL_DIR = join(homedir(), ".skiff", "local");
const MAIN = fileURLToPath(new URL("./main.js", import.meta.url));

export function statePath(dir: string): string {
  return join(dir, "cluster.json");
}

export function readCluster(dir: string): LocalCluster | undefined {
  const path = statePath(dir);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as LocalCluster;
}

export function writeCluster(cluster: LocalCluster): void {
  mkdirSync(cluster.dir, { recursive: true });
  writeFileSync(statePath(cluster.dir), `${JSON.stringify(cluster, null, 2)}\n`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Start `skiff ARGS` in the background, detached from this terminal, logging to a file. */
export function spawnSkiff(dir: string, name: string, args: string[]): LocalProcess {
  const log = join(dir, `${name}.log`);
  const fd = openSync(log, "a");
  const child = spawn(process.execPath, [MAIN, ...args], { detached: true, stdio: ["ignore", fd, fd] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  return { name, pid: child.pid, log };
}

/** The n-th node's address: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 stays the server's). */
export function nodeAddress(n: number): string {
  return `127.0.0.${n + 1}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** SIGTERM, then SIGKILL if it has not gone after `graceMs`. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}
