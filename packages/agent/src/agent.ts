// `skiff agent`: turn this machine's Docker engine into a node. Checks Docker first (one plain
// line and a non-zero exit when it is not there), makes the pod infra image, serves logs and
// exec, then runs the pod manager and the session with the server side by side.
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { isTraced, stepSubject, traceLatency, traceStep, type Pod } from "@skiff/api/core";
import { loadNodeProto, type RegisterRequest } from "@skiff/proto";
import { pino, type Logger } from "pino";
import { nodeAgentHandlers } from "./logs-exec/service.js";
import { ServingIdentity } from "./logs-exec/tls.js";
import { PodManager } from "./pods/index.js";
import { podUid } from "./pods/labels.js";
import { DockerRuntime, type Runtime } from "./runtime/index.js";
import { Session, type SessionTls } from "./session/session.js";
import { defaultStateDir, nodeIdentity } from "./session/identity.js";
import { PodTokens } from "./serviceaccount/pod-tokens.js";
import type { AssignedSet } from "./session/assignments.js";
import { NodeNetworking } from "./node-networking.js";
import { StatusReporter } from "./session/status-reporter.js";
import { TraceOutbox } from "./session/trace-outbox.js";
import type { AgentMetrics } from "./metrics/agent-metrics.js";
import { serveMetrics } from "./metrics/endpoint.js";
import { UsageCollector } from "./usage/collector.js";
import { AGENT_VERSION } from "./version.js";

export interface AgentOptions {
  /** HOST:PORT of the skiff server. */
  server: string;
  name: string;
  labels?: Record<string, string>;
  /** Declared capacity; defaults to what the engine reports. */
  cpuMilli?: number;
  memoryBytes?: number;
  maxPods?: number;
  /** Pods creating and starting containers at once (default 8). */
  maxParallelStarts?: number;
  /** This node's address: published ports bind to it and the server dials it for logs/exec. */
  address?: string;
  /** Port for the agent's own service (logs, exec); 0 picks a free one. */
  agentPort?: number;
  /** Defaults to DockerRuntime on the local socket; tests and simulations pass a FakeRuntime. */
  runtime?: Runtime;
  /** The node's bridge network, Service proxy and DNS (docs/networking.md). Default: on with Docker, off with a given runtime. */
  serviceNetworking?: boolean;
  log?: Logger;
  /** Plaintext, no certificate: for a server run with --insecure (docs/security.md). */
  insecure?: boolean;
  /** Where the node's key and certificate are kept (default `~/.skiff/agent/<name>`). */
  stateDir?: string;
  /**
   * Where the files the engine bind-mounts into pods are written (ServiceAccount tokens); default
   * `<stateDir>/pods`. The engine reads this path on its own host: an agent in a container gives a
   * directory mounted at the same path inside and out (docker-compose.yml does).
   */
  podFilesDir?: string;
  /** A join token (`skiff token create`): needed only while the state dir holds no certificate. */
  joinToken?: string;
  /** `sha256:<hex>` of the CA, when the join token does not carry it. */
  caCertHash?: string;
  /**
   * A node of `skiff sim`: needs `runtime` (a FakeRuntime). It serves no logs or exec (no gRPC
   * server of its own: hundreds fit in one process), has no node network, and tells the server
   * so at registration, which gives it no pod subnet.
   */
  simulated?: boolean;
  /** Called after each registration with the server (the first, and each after a reconnect). */
  onRegistered?: (reg: { nodeIndex: number; podCIDR: string; serviceCIDR: string }) => void;
  /** HOST:PORT (loopback only) for a plaintext Prometheus `/metrics`; none when unset. */
  metricsListen?: string;
  /** How often container usage is sampled and sent with a heartbeat (default 10 s; 0: never). */
  usagePeriodMs?: number;
}

export interface RunningAgent {
  name: string;
  endpoint: string;
  /** HOST:PORT of the metrics endpoint, when served. */
  metricsAddress?: string;
  /** Its Prometheus metrics: only when served (`metricsListen`). */
  metrics?: AgentMetrics;
  /** Resolves when the agent has stopped (after `stop()`), rejects if a loop failed. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_PODS = 110;

/** A child logger per component; SKIFF_TRACE=pods,session (or all) makes it trace. */
function component(log: Logger, name: string): Logger {
  const child = log.child({ component: name });
  if (isTraced(name)) child.level = "trace";
  return child;
}

/** The agent's logger: JSON lines on stderr, at `level` (default $SKIFF_LOG_LEVEL, else info). One can serve many agents (skiff sim). */
export function createAgentLogger(level = process.env.SKIFF_LOG_LEVEL ?? "info"): Logger {
  return pino({ level }, pino.destination(2));
}

export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  const log = o.log ?? createAgentLogger();
  if (o.simulated && !o.runtime) throw new Error("a simulated node needs a runtime (a FakeRuntime)");
  const runtime = o.runtime ?? new DockerRuntime();
  const info = await runtime.info(); // RuntimeUnavailableError names the socket and how to start Docker
  await runtime.ensureInfraImage();
  const address = o.address ?? "127.0.0.1";
  let tls: SessionTls | undefined;
  let serving: ServingIdentity | undefined;
  if (o.insecure) {
    log.warn("running with --insecure: plaintext, no node certificate; the server must run with --insecure too");
  } else {
    const identity = await nodeIdentity({ server: o.server, name: o.name, stateDir: o.stateDir, joinToken: o.joinToken, caCertHash: o.caCertHash, log: component(log, "identity") });
    // The logs/exec service serves the node's certificate, and the renewed one once renewed.
    const served = (serving = new ServingIdentity(identity.current()));
    tls = { current: identity.current, update: async (next) => (await identity.update(next), served.update(next)) };
  }

  // Only the server may ask for logs or exec: it presents this secret, which it learns when the
  // agent registers (over the server's TLS). Made fresh at each start; never written anywhere.
  const agentSecret = randomBytes(32).toString("base64url");
  const server = o.simulated ? undefined : await serveLogsExec(runtime, o, address, agentSecret, component(log, "logs-exec"), serving);
  const endpoint = server?.endpoint ?? "";

  // Metrics only when served: prom-client is about a sixth of an idle agent's memory. Process
  // metrics only for a real agent: `skiff sim` runs hundreds in one process.
  const metrics = o.metricsListen ? new (await import("./metrics/agent-metrics.js")).AgentMetrics({ processMetrics: !o.simulated }) : undefined;
  const usage = o.usagePeriodMs === 0 ? undefined : new UsageCollector(runtime, o.name, component(log, "usage"), o.usagePeriodMs, metrics);
  const reporter = new StatusReporter();
  // Pods' ServiceAccount tokens need the cluster's CA and a session: none with --insecure.
  let session: Session | undefined;
  const podTokens = tls
    ? new PodTokens({
        source: { serviceAccountToken: (ns, pod, uid) => (session ? session.serviceAccountToken(ns, pod, uid) : Promise.reject(new Error("not registered yet"))) },
        caPem: () => tls.current().caPem,
        dir: o.podFilesDir ?? join(o.stateDir ?? defaultStateDir(o.name), "pods"),
        log: component(log, "serviceaccount"),
      })
    : undefined;
  const pods = new PodManager({
    ...(podTokens ? { serviceAccountMount: (pod: Pod) => podTokens.mountFor(pod) } : {}),
    runtime,
    nodeName: o.name,
    hostIP: address,
    log: component(log, "pods"),
    onStatus: (pod: Pod, status, stopped) => reporter.report(pod, status, stopped),
    onEvent: (pod, type, reason, message) => reporter.event(pod, type, reason, message),
    capacity: { cpuMilli: o.cpuMilli ?? info.cpuMilli, memoryBytes: o.memoryBytes ?? info.memoryBytes },
    ...(o.maxParallelStarts ? { maxParallelStarts: o.maxParallelStarts } : {}),
  });
  const registration = (): RegisterRequest => ({
    nodeName: o.name,
    labels: o.labels ?? {},
    capacity: { cpuMilli: String(o.cpuMilli ?? info.cpuMilli), memoryBytes: String(o.memoryBytes ?? info.memoryBytes), pods: o.maxPods ?? DEFAULT_MAX_PODS },
    addresses: [
      { type: "InternalIP", address },
      { type: "Hostname", address: hostname() },
    ],
    agentVersion: AGENT_VERSION,
    runtimeVersion: info.version,
    os: info.os,
    arch: info.arch,
    agentEndpoint: endpoint,
    agentSecret,
    simulated: o.simulated ?? false,
  });
  const networking = !o.simulated && (o.serviceNetworking ?? !o.runtime) ? new NodeNetworking({ runtime, nodeName: o.name, address, log: component(log, "networking"), ...(metrics ? { proxyMetrics: proxyMetrics(metrics) } : {}) }) : undefined;
  const servicesChanged = (set: AssignedSet) => {
    const services = [...set.services.values()];
    pods.setServices(services);
    networking?.update(services, [...set.endpoints.values()]);
  };
  // Simulated nodes (many in one process) tell no trace: each step would be offered to each of them.
  const trace = o.simulated ? undefined : new TraceOutbox(o.name);
  const stopTracing = trace?.listen();
  session = new Session({
    server: o.server,
    ...(trace ? { trace } : {}),
    tls,
    registration,
    reporter,
    log: component(log, "session"),
    usage: () => usage?.take(),
    metrics,
    // The network exists before the first assignments, so new pods join it from the start.
    onRegistered: async (reg) => {
      o.onRegistered?.({ nodeIndex: reg.nodeIndex, podCIDR: reg.podCIDR, serviceCIDR: reg.serviceCIDR });
      if (!networking) return;
      if (!reg.podCIDR) {
        log.warn("the server gave this node no pod subnet; pods use Docker's default bridge and Services are not reachable from them");
        return;
      }
      try {
        pods.setNetwork(await networking.setup(reg.podCIDR, reg.serviceCIDR));
      } catch (err) {
        log.warn({ err: (err as Error).message }, "cannot make the node's network; pods use Docker's default bridge and Services are not reachable from them");
      }
    },
    onAssignments: (applied) => {
      if (applied.kind === "complete") {
        pods.setConfigs(applied.set.configs); // first: the pass that follows must see them
        servicesChanged(applied.set);
        pods.setDesired([...applied.set.pods.values()]);
        podTokens?.retain(new Set([...applied.set.pods.values()].map(podUid)));
        for (const pod of applied.set.pods.values()) podTokens?.ensure(pod);
        for (const pod of applied.set.pods.values()) traceStep({ ...stepSubject(pod), component: "agent", node: o.name, step: "assignment received", detail: "in a COMPLETE set: planned against what Docker runs" });
        return;
      }
      if (applied.configsChanged) pods.setConfigs(applied.set.configs);
      if (applied.servicesChanged) servicesChanged(applied.set);
      for (const pod of applied.updated) {
        traceLatency("assignment received", `${pod.metadata.namespace}/${pod.metadata.name}`);
        traceStep({ ...stepSubject(pod), component: "agent", node: o.name, step: "assignment received", detail: "UPDATE: the pod's containers are planned against what Docker runs" });
        pods.upsert(pod);
        podTokens?.ensure(pod);
      }
      for (const pod of applied.removed) {
        traceStep({ ...stepSubject(pod), component: "agent", node: o.name, step: "assignment received", detail: "REMOVE: the pod's containers are to stop and go" });
        pods.remove(podUid(pod));
        podTokens?.forget(podUid(pod));
        reporter.forget(podUid(pod));
      }
    },
  });

  const stop = new AbortController();
  log.info({ node: o.name, server: o.server, endpoint, runtime: info.version }, "skiff agent starting");
  const metricsEndpoint = o.metricsListen && metrics ? await serveMetrics(o.metricsListen, () => metrics.render()).catch(async (err: unknown) => {
    await server?.stop();
    throw err;
  }) : undefined;
  const done = Promise.all([pods.start(stop.signal), session.start(stop.signal), usage?.start(stop.signal)]).then(() => undefined);
  return {
    name: o.name,
    endpoint,
    metricsAddress: metricsEndpoint?.address,
    metrics,
    done,
    stop: async () => {
      stop.abort();
      stopTracing?.();
      await done.catch(() => undefined);
      await networking?.stop();
      await server?.stop();
      await metricsEndpoint?.close();
    },
  };
}

/** The Service proxy's connections, counted per Service. */
function proxyMetrics(m: AgentMetrics) {
  return {
    accepted: (service: string) => {
      m.proxyConnections.inc({ service });
      m.proxyActive.inc();
      return () => m.proxyActive.dec();
    },
    exhausted: (service: string) => m.proxyRefused.inc({ service }),
  };
}

/** The agent's NodeAgent service (logs, exec), which the server dials: mutual TLS with the node's certificate, plaintext with --insecure. */
async function serveLogsExec(runtime: Runtime, o: AgentOptions, address: string, secret: string, log: Logger, serving?: ServingIdentity): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = new grpc.Server();
  server.addService(loadNodeProto().skiff.v1.NodeAgent.service, nodeAgentHandlers(runtime, o.name, log, secret, serving !== undefined));
  const credentials = serving?.serverCredentials() ?? grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${address}:${o.agentPort ?? 0}`, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { endpoint: `${address}:${port}`, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}
