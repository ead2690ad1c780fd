// A real 3-member etcd cluster for tests: three processes on 127.0.0.1, free ports, a temp data
// dir; members can be stopped (SIGSTOP: a hung member keeps its sockets open and answers nothing)
// and continued. Not shipped (test-*.ts is excluded from the package build).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { etcdBinary, freePort, healthy } from "./test-etcd.js";

export interface EtcdMember {
  name: string;
  endpoint: string;
  /** SIGSTOP: the process hangs with its connections open (what a stuck disk or VM pause looks like). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

export interface EtcdCluster {
  members: EtcdMember[];
  endpoints: string[];
  /** Continue, kill and remove every member. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

export async function startEtcdCluster(size = 3): Promise<EtcdCluster> {
  const binary = etcdBinary();
  if (!binary) throw new Error("no etcd on PATH: install Debian's etcd-server (scripts/setup.sh does)");
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dataDir = await mkdtemp(join(base, "skiff-etcd-cluster-"));
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ client: await freePort(), peer: await freePort(), name: `m${i + 1}` });
  const initialCluster = ports.map((p) => `${p.name}=http://127.0.0.1:${p.peer}`).join(",");
  const children: ChildProcess[] = [];
  const stop = async () => {
    process.off("exit", onExit);
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, "exit");
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  // A test runner that dies must not leave etcd behind, stopped or not.
  const onExit = () => children.forEach((c) => (c.kill("SIGCONT"), c.kill("SIGKILL")));
  process.once("exit", onExit);

  const members: EtcdMember[] = ports.map((p) => {
    const endpoint = `http://127.0.0.1:${p.client}`;
    const peer = `http://127.0.0.1:${p.peer}`;
    const child = spawn(binary, [
      "--name", p.name, "--data-dir", join(dataDir, p.name),
      "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
      "--initial-cluster", initialCluster, "--initial-cluster-token", "skiff-test", "--initial-cluster-state", "new",
      "--logger", "zap", "--log-outputs", join(dataDir, `${p.name}.log`),
    ], { stdio: "ignore" });
    children.push(child);
    return { name: p.name, endpoint, pause: () => child.kill("SIGSTOP"), resume: () => child.kill("SIGCONT") };
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (const member of members) {
      while (!(await healthy(member.endpoint))) {
        if (Date.now() > deadline) throw new Error(`etcd member ${member.name} did not become healthy within ${READY_TIMEOUT_MS} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { members, endpoints: members.map((m) => m.endpoint), stop };
}
