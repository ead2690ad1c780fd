// What a local cluster should run, and what `skiff up` must start to get there. Pure.
import { join } from "node:path";
import { isAgent, isEtcd, isServer, OPERATOR, SERVER, type LocalCluster, type LocalProcess } from "./state.js";
import { logPath } from "./processes.js";

export interface NewCluster {
  dir: string;
  /** The server's port on 127.0.0.1. */
  port: number;
  agents: number;
  nodePrefix: string;
  /** Where the server writes the client config (and the kubeconfig beside it). */
  clientConfig: string;
  kubeListen: string;
  heartbeatPeriod?: string;
  /** An absolute path, passed to `skiff server --scheduler-config` (the scheduler's plugins). */
  schedulerConfig?: string;
}

/**
 * The n-th node's address: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 stays the server's); an --ha
 * cluster's nodes are on 127.0.1.x (net 1), so both kinds of cluster can run side by side.
 */
export function nodeAddress(n: number, net = 0): string {
  return `127.0.${net}.${n + 1}`;
}

/** The join token the agents read (0600), made again whenever `up` starts an agent. */
export function joinTokenPath(dir: string): string {
  return join(dir, "join-token");
}

/** A cluster to be: the server and N agents, none started yet (pid 0). */
export function newCluster(o: NewCluster): LocalCluster {
  const server = `127.0.0.1:${o.port}`;
  const serverArgs = ["server", "--data-dir", join(o.dir, "data"), "--listen", server, "--client-config", o.clientConfig, "--kube-listen", o.kubeListen];
  if (o.heartbeatPeriod) serverArgs.push("--heartbeat-period", o.heartbeatPeriod);
  if (o.schedulerConfig) serverArgs.push("--scheduler-config", o.schedulerConfig);
  const processes: LocalProcess[] = [{ name: SERVER, role: "server", pid: 0, log: logPath(o.dir, SERVER), args: serverArgs }];
  processes.push(...agentProcesses(o.dir, server, o.agents, o.nodePrefix, 0));
  return { dir: o.dir, server, processes };
}

/** The website operator (examples/operators/website), run beside the cluster by `up --with-operator`. */
export function operatorProcess(dir: string, program: string): LocalProcess {
  return { name: OPERATOR, pid: 0, log: logPath(dir, OPERATOR), args: [], program };
}

/** N agents named PREFIX-1..N, on the node addresses of `net`, joining `server` (one address or several, comma-separated). */
export function agentProcesses(dir: string, server: string, agents: number, nodePrefix: string, net: number): LocalProcess[] {
  const processes: LocalProcess[] = [];
  for (let i = 1; i <= agents; i++) {
    const name = `${nodePrefix}-${i}`;
    const address = nodeAddress(i, net);
    const args = ["agent", "--server", server, "--name", name, "--address", address, "--token-file", joinTokenPath(dir), "--state-dir", join(dir, "agents", name)];
    processes.push({ name, role: "agent", pid: 0, log: logPath(dir, name), address, args });
  }
  return processes;
}

export interface StartPlan {
  /** The etcd members not running (--ha): started first, since the servers need a quorum. */
  etcd: LocalProcess[];
  /** The server(s) not running: started before the agents, which need one to join. */
  servers: LocalProcess[];
  /** The agents that are not running. */
  agents: LocalProcess[];
  /** Programs beside the cluster that are not running (the operator): started last. */
  programs: LocalProcess[];
  /** Processes not running that `up` cannot start: recorded without their arguments. */
  unknown: LocalProcess[];
}

/** Which of the cluster's processes `up` must start: those not running. Nothing, when it is up. */
export function planStart(cluster: LocalCluster, running: (p: LocalProcess) => boolean): StartPlan {
  const missing = cluster.processes.filter((p) => !running(p));
  const unknown = missing.filter((p) => !p.args);
  const startable = missing.filter((p) => p.args);
  return {
    etcd: startable.filter(isEtcd),
    servers: startable.filter(isServer),
    agents: startable.filter(isAgent),
    programs: startable.filter((p) => p.program !== undefined),
    unknown,
  };
}

export function nothingToStart(plan: StartPlan): boolean {
  return toStart(plan).length === 0 && plan.unknown.length === 0;
}

/** The plan's processes in the order they start. */
export function toStart(plan: StartPlan): LocalProcess[] {
  return [...plan.etcd, ...plan.servers, ...plan.agents, ...plan.programs];
}
