// What `serve()` (serve.ts) is given, and what it hands back: the running server's addresses,
// its store and metrics, its leadership, and close().
import type { EtcdStoreOptions, Store } from "@skiff/store";
import type { Component } from "./components.js";
import type { AuditLogOptions } from "./audit/index.js";
import type { ControllerDefinition } from "./controllers/index.js";
import type { ElectionTiming, LeaderElector } from "./leader/index.js";
import type { Logger } from "./log.js";
import type { ServerMetrics } from "./metrics/server-metrics.js";
import type { ClusterNetworkFlags } from "./nodes/cluster-network.js";
import type { LifecycleConfig } from "./nodes/lifecycle-plan.js";
import type { PodSecurityPolicy } from "./objects/admission.js";
import type { ApiLimits } from "./objects/limits.js";
import type { RateLimitConfig } from "./api/rate-limit.js";
import type { SchedulerProfile } from "./scheduler/index.js";
import type { TokenUsage } from "./security/index.js";

export interface ServerOptions {
  /** The store (LevelDB) unless `etcd` is given; the keyring, CA and tokens too, unless on etcd (cluster/). */
  dataDir: string;
  /** Keep the objects in etcd instead of LevelDB (store-backend.ts). */
  etcd?: EtcdStoreOptions;
  // ha-failover: begin
  /** On etcd: the cluster key file every server is given (default `<data-dir>/cluster.key`, made by the first server). */
  encryptionKeyFile?: string;
  /** HOST:PORT agents and clients reach this server at (the server list); default: the listen address. */
  advertiseAddress?: string;
  // ha-failover: end
  /** HOST:PORT; port 0 picks a free one (see RunningServer.address). */
  listen: string;
  logLevel?: string;
  logger?: Logger;
  /** --cluster-cidr, --node-cidr-mask-size, --service-cluster-ip-range (nodes/cluster-network.ts for the defaults). */
  network?: ClusterNetworkFlags;
  /** Heartbeat period, NotReady multiplier and eviction timeout (defaults: 2 s, 3, 10 s). */
  lifecycle?: Partial<LifecycleConfig>;
  /** Extra control loops to run beside the built-in ones (a user's own controller, say). */
  components?: Component[];
  /** Run these controllers instead of the built-in ones (tests of one controller). */
  controllers?: ControllerDefinition[];
  /** Your own controllers, run beside the built-in ones on the same framework and informers. */
  extraControllers?: ControllerDefinition[];
  /** Make a new Secret encryption key and re-encrypt every Secret with it before serving. */
  rotateEncryptionKey?: boolean;
  /** Pod Security admission (api/admission.ts): "baseline" by default, hostPath prefixes allowed. */
  podSecurity?: Partial<PodSecurityPolicy>;
  /** Message, apply and stream limits (api/limits.ts). */
  limits?: Partial<ApiLimits>;
  /** Per-client request rate (api/rate-limit.ts); `ratePerSecond: 0` turns it off. */
  rateLimit?: Partial<RateLimitConfig>;
  /**
   * Plaintext and no authentication, as before security existed (docs/security.md). For tests
   * and experiments only: a warning says so at start.
   */
  insecure?: boolean;
  /** Where to write the client config (server, CA, admin token) on first start, or when it is missing. */
  clientConfigPath?: string;
  /** HOST:PORT of the Kubernetes REST API (kube/), e.g. 127.0.0.1:6443 (`skiff server`'s default); unset or "off" serves none. */
  kubeListen?: string;
  /** Where to write the kubeconfig for kubectl (every start); default: beside the client config. */
  kubeconfigPath?: string;
  /** HOST:PORT for a listener of the web dashboard alone (same TLS and tokens); it is always under /dashboard/ on the Kubernetes port too. */
  dashboardListen?: string;
  /** More names and IPs for the server's certificate (beside its listen address and localhost). */
  certificateHosts?: string[];
  /** How long node certificates live (default 30 days; agents renew at two thirds). */
  nodeCertTtlMs?: number;
  /** How long pods' ServiceAccount tokens live (default 1 h; agents rotate them at 80%). */
  serviceAccountTokenTtlSeconds?: number;
  /**
   * HOST:PORT for a plaintext Prometheus endpoint (`/metrics`), loopback only; unset serves none
   * (the Kubernetes HTTPS port serves `/metrics` to a bearer token in any case).
   */
  metricsListen?: string;
  /** Leader election timing (leader/election-plan.ts; default TTL 5 s, renew every 1 s, step down at 3.5 s). */
  election?: Partial<ElectionTiming>;
  /** Keep an audit log (audit/): one JSON line per mutating request (and reads at level `read`) on both API edges. */
  auditLog?: AuditLogOptions;
  /**
   * The scheduler's plugins, from loadSchedulerConfig(file) (`--scheduler-config`): load it before
   * calling serve, so that a broken config stops the start before anything is opened.
   */
  schedulerProfile?: SchedulerProfile;
}

export interface RunningServer {
  /** HOST:PORT actually bound. */
  address: string;
  /** HOST:PORT of the Kubernetes REST API, when served. */
  kubeAddress?: string;
  /** HOST:PORT of the dashboard's own listener (--dashboard-listen), when served. */
  dashboardAddress?: string;
  /** HOST:PORT of the plaintext metrics endpoint, when served (--metrics-listen). */
  metricsAddress?: string;
  /** This server's Prometheus metrics. */
  metrics: ServerMetrics;
  store: Store;
  /** Rejects when a control loop fails: the daemon should then stop, with its message. */
  failed: Promise<never>;
  /** `sha256:<hex>` of the cluster CA's public key; absent with `insecure`. */
  caCertHash?: string;
  /** Make a join or API token, as `skiff token create` does; absent with `insecure`. */
  createToken?: (usage: TokenUsage, ttlMs?: number) => Promise<string>;
  /** Whether this server leads now, its identity, and who leads as it last saw. */
  leader: Pick<LeaderElector, "leading" | "identity" | "holder">;
  close(): Promise<void>;
}
