// A real 3-member etcd cluster for the HA chaos scenario and the HA bench: Debian's etcd-server,
// each member its own process on 127.0.0.1 with free ports and a tmpfs data dir. A member can be
// SIGKILLed and started again on its data dir, where it rejoins as it was (the flags of
// `skiff up --ha`, plan-ha.ts). Single-member etcd for the store tests is test-etcd.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { etcdBinary } from "../../packages/store/src/test-etcd.js";
import { freePort } from "../support/skiff.js";

const READY_TIMEOUT_MS = 30_000;

export class EtcdMember {
  child?: ChildProcess;
  constructor(
    readonly name: string,
    readonly endpoint: string,
    private readonly args: string[],
    private readonly log: string,
  ) {}

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Start (or start again on its data dir); resolves once the process is up, not once the cluster has quorum. */
  spawn(): void {
    const binary = etcdBinary();
    if (!binary) throw new Error("no etcd on PATH: install Debian's etcd-server (scripts/setup.sh does)");
    this.child = spawn(binary, [...this.args, "--log-outputs", this.log], { stdio: "ignore" });
  }

  /** SIGKILL, as a crash; resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }

  /** Start again and wait until this member answers /health as healthy (it has rejoined a quorum). */
  async restart(): Promise<void> {
    this.spawn();
    await waitHealthy([this]);
  }

  async tail(lines = 5): Promise<string> {
    const text = await readFile(this.log, "utf8").catch(() => "(no log)");
    return text.split("\n").slice(-lines).join("\n");
  }
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** Every member's client URL, comma-separated: what `--etcd-endpoints` takes. */
  endpoints: string;
  /** Kill every member and remove the data dirs. */
  stop(): Promise<void>;
}

export async function startEtcdCluster(size = 3): Promise<EtcdCluster> {
  // tmpfs when there is one: etcd fsyncs every commit.
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = await mkdtemp(join(base, "skiff-etcd-cluster-"));
  const ports: { client: number; peer: number }[] = [];
  for (let i = 0; i < size; i++) ports.push({ client: await freePort(), peer: await freePort() });
  const names = ports.map((_, i) => `m${i + 1}`);
  const initialCluster = ports.map((p, i) => `${names[i]}=http://127.0.0.1:${p.peer}`).join(",");
  // A token of this cluster's own: a member of another test's cluster never joins this one.
  const token = `chaos-${dir.split("-").at(-1)}`;
  const members = ports.map((p, i) => {
    const client = `http://127.0.0.1:${p.client}`;
    const peer = `http://127.0.0.1:${p.peer}`;
    const args = [
      "--name", names[i]!, "--data-dir", join(dir, names[i]!),
      "--listen-client-urls", client, "--advertise-client-urls", client,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
      "--initial-cluster", initialCluster, "--initial-cluster-state", "new", "--initial-cluster-token", token,
      "--logger", "zap",
    ];
    return new EtcdMember(names[i]!, client, args, join(dir, `${names[i]}.log`));
  });
  const stop = async () => {
    process.off("exit", onExit);
    await Promise.all(members.map((m) => m.kill()));
    await rm(dir, { recursive: true, force: true });
  };
  // A test runner that dies must not leave etcd behind.
  const onExit = () => members.forEach((m) => m.child?.kill("SIGKILL"));
  process.once("exit", onExit);
  try {
    for (const m of members) m.spawn();
    await waitHealthy(members);
  } catch (err) {
    const tails = await Promise.all(members.map(async (m) => `${m.name}: ${await m.tail()}`));
    await stop();
    throw new Error(`${(err as Error).message}\n${tails.join("\n")}`);
  }
  return { members, endpoints: members.map((m) => m.endpoint).join(","), stop };
}

async function waitHealthy(members: EtcdMember[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const dead = members.find((m) => !m.running);
    if (dead) throw new Error(`etcd member ${dead.name} exited before answering on ${dead.endpoint}`);
    const health = await Promise.all(members.map((m) => healthy(m.endpoint)));
    if (health.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`etcd members ${members.filter((_, i) => !health[i]).map((m) => m.name).join(", ")} not healthy within ${READY_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2_000) });
    return ((await response.json()) as { health?: string }).health === "true";
  } catch {
    return false;
  }
}
