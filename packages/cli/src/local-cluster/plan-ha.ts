// What `skiff up --ha` runs: 3 etcd members (a real 3-member cluster on 127.0.0.1), 3 servers
// on that etcd sharing one cluster key, and N agents given all three servers. Pure: the command
// picks the ports (free ones for port 0), and start.ts starts what planStart says is missing.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { agentProcesses } from "./plan.js";
import { logPath } from "./processes.js";
import type { LocalCluster, LocalProcess } from "./state.js";

export const HA_MEMBERS = 3;
/** Apart from a plain `skiff up` (7443, 6443) and from a system etcd (2379/2380). */
export const HA_DEFAULT_PORT = 7444;
export const HA_DEFAULT_KUBE_LISTEN = "127.0.0.1:6444";
export const HA_DEFAULT_ETCD_PORT = 12379;
/** The --ha nodes' addresses are 127.0.1.2, 127.0.1.3, ...: a plain cluster's are 127.0.0.x. */
export const HA_NODE_NET = 1;

export interface EtcdPorts {
  client: number;
  peer: number;
}

export interface NewHaCluster {
  dir: string;
  /** One per server, on 127.0.0.1. */
  serverPorts: number[];
  /** One pair per etcd member, on 127.0.0.1. */
  etcdPorts: EtcdPorts[];
  agents: number;
  nodePrefix: string;
  /** Where the first server writes the client config (the others write theirs in their own dir). */
  clientConfig: string;
  /** The first server's Kubernetes API; the others take any free port. */
  kubeListen: string;
  heartbeatPeriod?: string;
  /** An absolute path, passed to every server's `--scheduler-config` (whichever leads schedules). */
  schedulerConfig?: string;
}

/** From a first port, consecutive ones: servers PORT..PORT+2; etcd members client/peer pairs from ETCD_PORT on. */
export function haPorts(port: number, etcdPort: number): { serverPorts: number[]; etcdPorts: EtcdPorts[] } {
  const range = [...Array(HA_MEMBERS).keys()];
  return {
    serverPorts: range.map((i) => port + i),
    etcdPorts: range.map((i) => ({ client: etcdPort + 2 * i, peer: etcdPort + 2 * i + 1 })),
  };
}

/** The cluster key every server of the cluster shares (0600), made by `up` before the first server starts. */
export function clusterKeyPath(dir: string): string {
  return join(dir, "cluster.key");
}

/** An --ha cluster to be: etcd members, servers, agents, none started yet (pid 0). */
export function newHaCluster(o: NewHaCluster): LocalCluster {
  const members = o.etcdPorts.map((ports, i) => ({ name: `etcd-${i + 1}`, ...ports }));
  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peer}`).join(",");
  // A token of this cluster's own: members of another cluster on the same ports never join it.
  const token = `skiff-${createHash("sha256").update(o.dir).digest("hex").slice(0, 12)}`;
  const etcd = members.map((m) => `http://127.0.0.1:${m.client}`);
  const processes: LocalProcess[] = members.map((m, i) => {
    const client = etcd[i]!;
    const peer = `http://127.0.0.1:${m.peer}`;
    const args = [
      "--name", m.name, "--data-dir", join(o.dir, "etcd", m.name),
      "--listen-client-urls", client, "--advertise-client-urls", client,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
      // Read only on the first start: a member restarted on its data dir rejoins as it was.
      "--initial-cluster", initialCluster, "--initial-cluster-state", "new", "--initial-cluster-token", token,
      "--logger", "zap",
    ];
    return { name: m.name, role: "etcd", pid: 0, log: logPath(o.dir, m.name), args };
  });

  const servers = o.serverPorts.map((port) => `127.0.0.1:${port}`);
  o.serverPorts.forEach((_, i) => {
    const name = `server-${i + 1}`;
    const own = join(o.dir, "servers", name);
    const args = [
      "server", "--data-dir", own, "--listen", servers[i]!,
      "--client-config", i === 0 ? o.clientConfig : join(own, "client-config"),
      "--kube-listen", i === 0 ? o.kubeListen : "127.0.0.1:0",
      "--etcd-endpoints", etcd.join(","), "--encryption-key-file", clusterKeyPath(o.dir),
    ];
    if (o.heartbeatPeriod) args.push("--heartbeat-period", o.heartbeatPeriod);
    if (o.schedulerConfig) args.push("--scheduler-config", o.schedulerConfig);
    processes.push({ name, role: "server", pid: 0, log: logPath(o.dir, name), args });
  });

  const server = servers.join(",");
  processes.push(...agentProcesses(o.dir, server, o.agents, o.nodePrefix, HA_NODE_NET));
  return { dir: o.dir, server, etcd, processes };
}
