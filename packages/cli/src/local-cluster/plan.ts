// What a local cluster should run, and what `skiff up` must start to get there. Pure.
import { join } from "node:path";
import { isAgent, isServer, OPERATOR, SERVER, type LocalCluster, type LocalProcess } from "./state.js";
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
}

/** The n-th node's address: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 stays the server's). */
export function nodeAddress(n: number): string {
  return `127.0.0.${n + 1}`;
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
  const processes: LocalProcess[] = [{ name: SERVER, pid: 0, log: logPath(o.dir, SERVER), args: serverArgs }];
  for (let i = 1; i <= o.agents; i++) {
    const name = `${o.nodePrefix}-${i}`;
    const address = nodeAddress(i);
    const args = ["agent", "--server", server, "--name", name, "--address", address, "--token-file", joinTokenPath(o.dir), "--state-dir", join(o.dir, "agents", name)];
    processes.push({ name, pid: 0, log: logPath(o.dir, name), address, args });
  }
  return { dir: o.dir, server, processes };
}

/** The website operator (examples/operators/website), run beside the cluster by `up --with-operator`. */
export function operatorProcess(dir: string, program: string): LocalProcess {
  return { name: OPERATOR, pid: 0, log: logPath(dir, OPERATOR), args: [], program };
}

export interface StartPlan {
  /** The server, if it is not running: started first, since agents need it to join. */
  server?: LocalProcess;
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
  return { server: startable.find(isServer), agents: startable.filter(isAgent), programs: startable.filter((p) => p.program !== undefined), unknown };
}

export function nothingToStart(plan: StartPlan): boolean {
  return !plan.server && plan.agents.length === 0 && plan.programs.length === 0 && plan.unknown.length === 0;
}
