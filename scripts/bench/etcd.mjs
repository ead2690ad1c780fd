// A real 3-member etcd cluster for `npm run bench -- ha`: Debian's etcd-server on 127.0.0.1, free
// ports, a tmpfs data dir, the member flags of `skiff up --ha` (plan-ha.ts). stop() kills the
// members and removes their data. (The HA chaos scenario has the same in TypeScript:
// test/chaos/etcd-members.ts.)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function etcdBinary() {
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, "etcd"))) return join(dir, "etcd");
  return undefined;
}

async function healthy(endpoint) {
  try {
    const r = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2_000) });
    return (await r.json()).health === "true";
  } catch {
    return false;
  }
}

export async function startEtcdCluster(size = 3) {
  const binary = etcdBinary();
  if (!binary) throw new Error("bench ha: no etcd on PATH: install Debian's etcd-server (scripts/setup.sh does)");
  const dir = await mkdtemp(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "skiff-bench-etcd-"));
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ client: await freePort(), peer: await freePort() });
  const initial = ports.map((p, i) => `m${i + 1}=http://127.0.0.1:${p.peer}`).join(",");
  const token = `bench-${dir.split("-").at(-1)}`;
  const members = ports.map((p, i) => {
    const client = `http://127.0.0.1:${p.client}`;
    const peer = `http://127.0.0.1:${p.peer}`;
    const args = [
      "--name", `m${i + 1}`, "--data-dir", join(dir, `m${i + 1}`),
      "--listen-client-urls", client, "--advertise-client-urls", client,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
      "--initial-cluster", initial, "--initial-cluster-state", "new", "--initial-cluster-token", token,
      "--logger", "zap", "--log-outputs", join(dir, `m${i + 1}.log`),
    ];
    return { endpoint: client, child: spawn(binary, args, { stdio: "ignore" }) };
  });
  const stop = async () => {
    for (const m of members) m.child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await Promise.all(members.map((m) => healthy(m.endpoint)))).every(Boolean)) {
    if (Date.now() > deadline || members.some((m) => m.child.exitCode !== null)) {
      await stop();
      throw new Error("bench ha: the etcd members did not become healthy within 30 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoints: members.map((m) => m.endpoint).join(","), members, stop };
}
