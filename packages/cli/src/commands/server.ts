// skiff server: run the control plane in this process until SIGTERM or SIGINT.
import { mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { DEFAULT_KUBE_LISTEN, parseDuration } from "@skiff/api";
import { DEFAULT_SERVER, configPath } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { keepDaemonHeapCompact } from "../daemon-heap.js";

interface ServerArgs extends GlobalArgs {
  dataDir: string;
  listen: string;
  logLevel?: string;
  heartbeatPeriod: string;
  clusterCidr?: string;
  nodeCidrMaskSize?: number;
  serviceClusterIpRange?: string;
  nodeGrace: number;
  maxHeartbeatsPerSecond: number;
  evictionTimeout: string;
  rotateEncryptionKey: boolean;
  podSecurity: "baseline" | "privileged";
  allowPrivileged: boolean;
  allowHostPath: string[];
  apiRateLimit: number;
  insecure: boolean;
  clientConfig: string;
  kubeListen: string;
  dashboardListen?: string;
  metricsListen?: string;
  auditLog?: string;
  auditLevel: string;
  auditLogMaxsize: number;
  kubeconfig?: string;
  certHost: string[];
  nodeCertTtl: string;
  serviceAccountTokenTtl: string;
  etcdEndpoints?: string;
  etcdPrefix: string;
  etcdCa?: string;
  etcdCert?: string;
  etcdKey?: string;
  encryptionKeyFile?: string;
  advertiseAddress?: string;
  schedulerConfig?: string;
}

export const serverCommand: CommandModule<GlobalArgs, ServerArgs> = {
  command: "server",
  describe: "Run the control plane (API, store, controllers)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("data-dir", { type: "string", default: join(homedir(), ".skiff", "data"), describe: "Where the store keeps its data" })
      .option("listen", { type: "string", default: DEFAULT_SERVER, describe: "HOST:PORT for the gRPC API" })
      .option("cluster-cidr", { type: "string", describe: "Pod addresses of the whole cluster, cut into one block per node (default 10.240.0.0/12)" })
      .option("node-cidr-mask-size", { type: "number", describe: "Prefix length of each node's block: pods in its first half, the node's copy of the Service range in its second (default 23: 126 pods a node, 2,047 nodes)" })
      .option("service-cluster-ip-range", { type: "string", describe: "Where Services' cluster IPs come from; at most half a node block (default 10.96.0.0/24)" })
      .option("heartbeat-period", { type: "string", default: "2s", describe: "How often agents send heartbeats" })
      .option("max-heartbeats-per-second", { type: "number", default: 100, describe: "Past this many nodes a second, each node is told a longer heartbeat period (and its grace grows with it), as Nomad does: 1,000 nodes beat every 10 s; 0 for no cap" })
      .option("node-grace", { type: "number", default: 3, describe: "A node is NotReady after this many missed heartbeats" })
      .option("eviction-timeout", { type: "string", default: "10s", describe: "How long a NotReady node keeps its pods before they are failed" })
      .option("rotate-encryption-key", { type: "boolean", default: false, describe: "Make a new Secret encryption key and re-encrypt every Secret with it, then serve" })
      .option("pod-security", {
        choices: ["baseline", "privileged"] as const,
        default: "baseline" as const,
        describe: "Pod Security level: baseline refuses privileged containers, host namespaces and hostPath volumes",
      })
      .option("allow-privileged", { type: "boolean", default: false, describe: "Same as --pod-security=privileged" })
      .option("allow-host-path", {
        type: "string",
        array: true,
        default: [] as string[],
        describe: "Allow hostPath volumes under this absolute path (repeatable)",
      })
      .option("insecure", { type: "boolean", default: false, describe: "Plaintext, no tokens, no certificates: anyone who reaches the port controls the cluster (tests only)" })
      .option("client-config", { type: "string", default: configPath(), describe: "Where the first start writes the client config (server, CA, admin token), mode 0600" })
      .option("metrics-listen", { type: "string", describe: "HOST:PORT (loopback only) for a plaintext Prometheus /metrics; the Kubernetes HTTPS port serves /metrics to a bearer token in any case" })
      .option("kube-listen", { type: "string", default: DEFAULT_KUBE_LISTEN, describe: "HOST:PORT for the Kubernetes API (kubectl, client libraries); off to serve none" })
      .option("dashboard-listen", { type: "string", describe: "HOST:PORT for the web dashboard on a listener of its own (same TLS and tokens); it is always under /dashboard/ on the Kubernetes API port" })
      .option("kubeconfig", { type: "string", describe: "Where to write the kubeconfig for kubectl on every start (default: beside the client config), mode 0600" })
      .option("cert-host", { type: "string", array: true, default: [] as string[], describe: "Another name or IP for the server's certificate (repeatable)" })
      .option("node-cert-ttl", { type: "string", default: "720h", describe: "How long node certificates live; agents renew them at two thirds" })
      .option("service-account-token-ttl", { type: "string", default: "1h", describe: "How long pods' service account tokens live; agents rotate them at 80%" })
      .option("etcd-endpoints", { type: "string", describe: "Keep the objects in etcd instead of the data dir: URL[,URL...], e.g. http://127.0.0.1:2379" })
      .option("etcd-prefix", { type: "string", default: "/skiff", describe: "Key prefix in etcd (one cluster per prefix)" })
      .option("etcd-ca", { type: "string", describe: "PEM file: the CA that signed etcd's certificate (https endpoints)" })
      .option("etcd-cert", { type: "string", describe: "PEM file: client certificate for etcd (with --etcd-key)" })
      .option("etcd-key", { type: "string", describe: "PEM file: client key for etcd (with --etcd-cert)" })
      .option("encryption-key-file", { type: "string", describe: "With etcd: the cluster key file, the same on every server (default <data-dir>/cluster.key, made by the first server); it seals the keyring, CA key and admin token in etcd" })
      .option("advertise-address", { type: "string", describe: "HOST:PORT agents and clients reach this server at, published in the server list (default: the listen address)" })
      .option("scheduler-config", { type: "string", describe: "YAML file: which scheduler plugins run, their weights, and JS modules of your own plugins (docs/scheduler-plugins.md); each server of a cluster reads its own" })
      .option("audit-log", { type: "string", describe: "Append an audit record (JSON, one a line) of every mutating request on both APIs to this file; rotated by size" })
      .option("audit-level", { choices: ["write", "read"], default: "write", describe: "write: mutating requests (and refusals of them); read: every request" })
      .option("audit-log-maxsize", { type: "number", default: 100, describe: "Rotate the audit log when it passes this many MiB (keeps 5 old files)" })
      .option("api-rate-limit", { type: "number", default: 100, describe: "Requests per second per API client (burst: twice as many); 0 for no limit" })
      .option("log-level", {
        choices: ["trace", "debug", "info", "warn", "error", "fatal", "silent"],
        describe: "Log verbosity (default: $SKIFF_LOG_LEVEL or info); logs go to stderr",
      }) as unknown as Argv<ServerArgs>,
  handler: async (args) => {
    keepDaemonHeapCompact();
    // Loaded here, not at the top: every other command starts faster without the server code.
    const { serve, loadSchedulerConfig } = await import("@skiff/server");
    // First of all: a broken scheduler config (or plugin module) stops the start before anything is made or opened.
    const schedulerProfile = args.schedulerConfig !== undefined ? await loadSchedulerConfig(args.schedulerConfig) : undefined;
    mkdirSync(args.dataDir, { recursive: true });
    const lifecycle = {
      heartbeatPeriodMs: parseDuration(args.heartbeatPeriod, "--heartbeat-period"),
      graceMultiplier: args.nodeGrace,
      evictionTimeoutMs: parseDuration(args.evictionTimeout, "--eviction-timeout"),
      maxHeartbeatsPerSecond: args.maxHeartbeatsPerSecond,
    };
    const server = await serve({
      dataDir: args.dataDir,
      listen: args.listen,
      logLevel: args.logLevel,
      lifecycle,
      network: { clusterCIDR: args.clusterCidr, nodeCIDRMaskSize: args.nodeCidrMaskSize, serviceClusterIPRange: args.serviceClusterIpRange },
      rotateEncryptionKey: args.rotateEncryptionKey,
      ...securityLimits(args),
      insecure: args.insecure,
      clientConfigPath: args.clientConfig,
      kubeListen: args.kubeListen,
      dashboardListen: args.dashboardListen,
      metricsListen: args.metricsListen,
      kubeconfigPath: args.kubeconfig,
      certificateHosts: args.certHost,
      nodeCertTtlMs: parseDuration(args.nodeCertTtl, "--node-cert-ttl"),
      serviceAccountTokenTtlSeconds: Math.max(1, Math.round(parseDuration(args.serviceAccountTokenTtl, "--service-account-token-ttl") / 1000)),
      etcd: etcdOptions(args),
      encryptionKeyFile: args.encryptionKeyFile,
      advertiseAddress: args.advertiseAddress,
      schedulerProfile,
      ...(args.auditLog ? { auditLog: { path: args.auditLog, level: args.auditLevel as "write" | "read", maxBytes: args.auditLogMaxsize * 1024 * 1024 } } : {}),
    });
    if (args.insecure) process.stderr.write("WARNING: skiff server runs with --insecure: plaintext and no authentication. Never do this on a network you do not control.\n");
    process.stdout.write(`skiff server listening on ${server.address}${server.kubeAddress ? ` (Kubernetes API on https://${server.kubeAddress}, dashboard under /dashboard/: \`skiff dashboard\`)` : ""}${server.dashboardAddress ? ` (dashboard on https://${server.dashboardAddress}/dashboard/)` : ""}${server.metricsAddress ? ` (metrics on http://${server.metricsAddress}/metrics)` : ""}\n`);
    const failure = server.failed.catch((err: unknown) => err);
    const stopped = await new Promise<unknown>((resolve) => {
      void failure.then(resolve);
      const stop = (signal: NodeJS.Signals) => {
        process.stderr.write(`${signal} received, shutting down\n`);
        // A second signal while closing means "now": leave without waiting.
        process.once("SIGINT", () => process.exit(1));
        process.once("SIGTERM", () => process.exit(1));
        resolve(undefined);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    // A control loop that failed takes the daemon down with it, saying which and why.
    if (stopped instanceof Error) throw stopped;
    // Closed cleanly: exit now rather than wait on a stray timer somewhere in a dependency.
    process.exit(0);
  },
};

/** --pod-security, --allow-host-path and --api-rate-limit, checked, as serve() takes them. */
function securityLimits(args: ServerArgs) {
  for (const p of args.allowHostPath) {
    if (!p.startsWith("/")) throw new UserError(`--allow-host-path ${JSON.stringify(p)}: must be an absolute path`);
  }
  const rate = args.apiRateLimit;
  if (!Number.isFinite(rate) || rate < 0) throw new UserError(`--api-rate-limit ${rate}: must be a number >= 0 (0 turns it off)`);
  return {
    podSecurity: { level: args.allowPrivileged ? ("privileged" as const) : args.podSecurity, allowedHostPaths: args.allowHostPath },
    rateLimit: { ratePerSecond: rate, burst: rate * 2 },
  };
}

/** --etcd-endpoints and friends, checked, as EtcdStore takes them; undefined: LevelDB. */
function etcdOptions(args: ServerArgs) {
  const endpoints = (args.etcdEndpoints ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  if (endpoints.length === 0) {
    if (args.etcdCa || args.etcdCert || args.etcdKey) throw new UserError("--etcd-ca, --etcd-cert and --etcd-key need --etcd-endpoints");
    if (args.encryptionKeyFile) throw new UserError("--encryption-key-file is for servers sharing an etcd (--etcd-endpoints); with the data dir the keys stay there");
    return undefined;
  }
  for (const endpoint of endpoints) {
    if (!/^https?:\/\/[^/]+$/.test(endpoint)) throw new UserError(`--etcd-endpoints ${JSON.stringify(endpoint)}: give URLs like http://127.0.0.1:2379 or https://etcd1:2379`);
  }
  const pem = (flag: string, file: string | undefined) => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UserError(`${flag} ${file}: ${(err as Error).message}`);
    }
  };
  const tls = { ca: pem("--etcd-ca", args.etcdCa), cert: pem("--etcd-cert", args.etcdCert), key: pem("--etcd-key", args.etcdKey) };
  if (Boolean(tls.cert) !== Boolean(tls.key)) throw new UserError("--etcd-cert and --etcd-key go together");
  if (tls.cert && !tls.ca) throw new UserError("--etcd-cert needs --etcd-ca (the CA that signed etcd's certificate)");
  return { endpoints, prefix: args.etcdPrefix, ...(tls.ca ? { tls } : {}) };
}
