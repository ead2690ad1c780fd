// The cluster's processes as the operating system sees them: started in the background, detached
// from the terminal, each logging to a file of the cluster directory; told apart from a stranger
// that got the same pid by their command line (on Linux, /proc/PID/cmdline).
import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "../node-flags.js";
import type { LocalProcess } from "./state.js";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

/**
 * Start `skiff ARGS` (or the Node program `program` with ARGS) in the background, logging to
 * DIR/NAME.log (appended: a restart keeps the earlier lines).
 */
export function spawnSkiff(dir: string, name: string, args: string[], program?: string, env?: Record<string, string>): number {
  const fd = openSync(logPath(dir, name), "a");
  const child = spawn(process.execPath, [...NODE_FLAGS, program ?? MAIN, ...args], {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: env ? { ...process.env, ...env } : process.env,
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  return child.pid;
}

/** Start an etcd member (`etcd ARGS`, the binary on PATH) in the background, logging to DIR/NAME.log. */
export function spawnEtcd(dir: string, name: string, binary: string, args: string[]): number {
  const fd = openSync(logPath(dir, name), "a");
  const child = spawn(binary, args, { detached: true, stdio: ["ignore", fd, fd] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${name} (${binary})`);
  return child.pid;
}

/** The `etcd` on PATH, if there is one. */
export function etcdOnPath(path = process.env["PATH"] ?? ""): string | undefined {
  for (const dir of path.split(":")) {
    if (dir && existsSync(join(dir, "etcd"))) return join(dir, "etcd");
  }
  return undefined;
}

export function logPath(dir: string, name: string): string {
  return join(dir, `${name}.log`);
}

/** Whether a pid names a live process (a zombie counts as live here; see `isRunning`). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false; // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, but someone else's
  }
}

/** A process's arguments (argv), or undefined where the system does not show them. */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, -1);
  } catch {
    return undefined;
  }
}

/**
 * Whether the process is still the one the cluster started: its pid is alive and, where the
 * command line can be read, ends with the arguments it was started with. A process killed but not
 * yet reaped (a zombie) has an empty command line, so it counts as gone, as does a stranger that
 * reused the pid. Without recorded arguments, or without /proc, the pid alone decides.
 */
export function isRunning(p: LocalProcess, argv: (pid: number) => string[] | undefined = commandLine): boolean {
  if (!isAlive(p.pid)) return false;
  const actual = argv(p.pid);
  if (actual === undefined) return true;
  if (!p.args) return actual.length > 0;
  return endsWith(actual, p.program !== undefined ? [p.program, ...p.args] : p.args);
}

export function endsWith(argv: readonly string[], args: readonly string[]): boolean {
  if (argv.length < args.length) return false;
  const offset = argv.length - args.length;
  return args.every((a, i) => argv[offset + i] === a);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * SIGTERM, then SIGKILL if it has not gone after `graceMs`. A process already gone (or never
 * started, or a stranger now holding its pid) is left alone: false. True if it was stopped.
 */
export async function stopProcess(p: LocalProcess, graceMs = 10_000, running: (p: LocalProcess) => boolean = isRunning): Promise<boolean> {
  if (!running(p)) return false;
  signal(p.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (running(p) && Date.now() < deadline) await sleep(50);
  if (running(p)) signal(p.pid, "SIGKILL");
  return true;
}

/** process.kill, where "no such process" (it went meanwhile) is not an error. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}
