// `skiff server`: open the store, make sure the default namespace exists, serve the API and the
// node protocol on one port, and run the control loops (node lifecycle, scheduler).
import * as grpc from "@grpc/grpc-js";
import { mkdir } from "node:fs/promises";
import { SkiffError, kubeconfigPathFor } from "@skiff/api";
import { EtcdStore, type EtcdStoreOptions, type Store } from "@skiff/store";
import { compactorComponents, describeBackend, openBackend } from "./store-backend.js";
import { EncryptingStore } from "./secrets/index.js";
import { openClusterState } from "./cluster/index.js"; // ha-failover: keyring, CA, tokens, server list
import { ensureDefaultNamespaces } from "./cluster/default-namespaces.js";
import { apiHandlers } from "./api/grpc-service.js";
import { ObjectService } from "./objects/objects.js";
import { quotaStore } from "./quota/admit-at-commit.js";
import { AdmissionChain } from "./admission/chain.js";
import { componentLogger, createLogger, type Logger } from "./log.js";
import { loadApiProto, loadNodeProto } from "@skiff/proto";
import { AgentProxy } from "./nodes/agent-proxy.js";
import { Dispatcher } from "./nodes/dispatcher.js";
import { nodeHandlers } from "./nodes/grpc-service.js";
import { DEFAULT_LIFECYCLE, type LifecycleConfig } from "./nodes/lifecycle-plan.js";
import { clusterNetwork, type ClusterNetworkFlags } from "./nodes/cluster-network.js";
import { runComponents, type Component } from "./components.js";
import { traceComponent } from "./trace/write-recorder.js";
import { CustomResourceRegistrar } from "./customresources/registrar.js";
import { controlPlane } from "./control-plane.js";
import { builtInControllers, type ControllerDefinition } from "./controllers/index.js";
import { StoreEventRecorder } from "./events/index.js";
import { DEFAULT_POD_SECURITY, type PodSecurityPolicy } from "./objects/admission.js";
import { DEFAULT_LIMITS, grpcServerOptions, type ApiLimits } from "./objects/limits.js";
import { clientAddress, INSECURE_NODE_AUTH, prepareSecurity, type ServerSecurity, type TlsListener, type TokenUsage } from "./security/index.js";
import { tokenHandlers } from "./api/token-service.js";
import { listenKube, type KubeListener } from "./kube/server.js";
import type { KubeApiDeps } from "./kube/handler.js";
import { dashboardHandler } from "./dashboard/index.js";
import { issueServerCertificate, type KeyPairPem } from "./security/index.js";
import { listenHosts } from "./security/setup.js";
import { DEFAULT_RATE_LIMIT, RateLimiter, nodeRateLimit, rateLimited, type RateLimitConfig } from "./api/rate-limit.js";
import { ensureDefaultStorageClass } from "./controllers/volumes/index.js";
import { ServerMetrics } from "./metrics/server-metrics.js";
import { InstrumentedStore } from "./metrics/store.js";
import { measuredHandlers } from "./metrics/grpc.js";
import { listenMetrics, type MetricsListener } from "./metrics/endpoint.js";
import { leadership, type ElectionTiming, type LeaderElector } from "./leader/index.js";
import { renewNodeLeases } from "./nodes/node-leases.js";
import { Authorizer, RbacCache, ensureDefaultRbac } from "./authz/index.js";
import { ensureKubernetesService, startServiceAccounts } from "./serviceaccounts/index.js";
import { AuditLog, type AuditLogOptions } from "./audit/index.js";
import { authorizedApi } from "./api/authorized.js";
import type { SchedulerProfile } from "./scheduler/index.js";
import { WebhookAdmission } from "./admission-webhooks/index.js";
import type { TraceRing } from "./trace/trace-ring.js";
import type { UsageFeed } from "./dashboard/stream.js";
import type { TracePeers } from "./dashboard/trace-stream.js";

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

// How long a graceful stop waits for calls in flight before cutting them.
const SHUTDOWN_GRACE_MS = 5_000;

export async function serve(options: ServerOptions): Promise<RunningServer> {
  const log = options.logger ?? createLogger(options.logLevel);
  const network = clusterNetwork(options.network); // a bad range stops the start here, before anything is opened
  for (const warning of options.schedulerProfile?.warnings ?? []) log.warn(warning);
  await mkdir(options.dataDir, { recursive: true });
  const backend = await openBackend(options);
  // ha-failover: the cluster's own state, in the data dir or (on etcd) shared by every server.
  const cluster = await openClusterState(options, componentLogger(log, "cluster")).catch(async (err: unknown) => {
    await backend.close();
    throw err;
  });
  const encrypting = new EncryptingStore(backend, cluster.keyring);
  const metrics = new ServerMetrics();
  // Every write and watch goes through the measured store (metrics/store.ts).
  const store: Store = new InstrumentedStore(encrypting, metrics);
  let kube: { listener: KubeListener; address: string; dashboardAddress?: string } | undefined;
  let metricsListener: MetricsListener | undefined;
  let audit: AuditLog | undefined;
  // Aborted by close(), and on a failed start: whatever started before the failure (informers) stops.
  const shutdown = new AbortController();
  try {
    if (options.rotateEncryptionKey) {
      const rewritten = await encrypting.rotate(await cluster.rotateKeyring());
      log.info({ secrets: rewritten }, "encryption key rotated; every Secret re-encrypted with the new key");
    }
    await ensureDefaultNamespaces(store);
    await ensureDefaultStorageClass(store);
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const rate = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
    let security: ServerSecurity | undefined;
    if (options.insecure) {
      log.warn("running with --insecure: plaintext and no authentication; anyone who can reach this port controls the cluster");
    } else {
      security = await prepareSecurity(options.dataDir, componentLogger(log, "auth"), options.nodeCertTtlMs, await cluster.security());
    }
    const server = new grpc.Server({ ...grpcServerOptions(limits), ...(security ? { interceptors: [security.interceptor] } : {}) });
    const customResources = new CustomResourceRegistrar(store, componentLogger(log, "custom-resources"));
    await customResources.refresh();
    // RBAC: the default roles, and a cache of every role and binding, synced before any request is served.
    const rbac = new RbacCache(store, componentLogger(log, "rbac"));
    // One admission chain for the API's writes and the controllers' (admission/).
    const admission = new AdmissionChain(store);
    const objects = new ObjectService(quotaStore(rbac.tracking(store)), undefined, { ...DEFAULT_POD_SECURITY, ...options.podSecurity }, network.serviceCIDR, customResources, admission);
    await ensureDefaultRbac(objects);
    await rbac.start(shutdown.signal);
    const webhooks = new WebhookAdmission(store, componentLogger(log, "admission-webhooks"));
    await webhooks.start(shutdown.signal);
    admission.webhooks = webhooks;
    const authz = security ? new Authorizer(rbac, componentLogger(log, "rbac")) : undefined;
    const serviceAccountTokens = security ? await startServiceAccounts(store, security, componentLogger(log, "serviceaccounts"), shutdown.signal, options.serviceAccountTokenTtlSeconds) : undefined;
    audit = options.auditLog ? new AuditLog(options.auditLog, componentLogger(log, "audit")) : undefined;
    const lifecycle = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
    const recorder = new StoreEventRecorder(store, "skiff-server", componentLogger(log, "events"));
    const dispatcher = new Dispatcher(
      store,
      lifecycle,
      componentLogger(log, "dispatcher"),
      { agent: recorder.forComponent("agent"), nodes: recorder.forComponent("node-controller") },
      undefined,
      network,
      metrics,
    );
    // logs/exec through any server: the secret the node's agent gave, as its last registration anywhere stored it.
    dispatcher.shareAgentSecret = (node, secret) => cluster.agentSecrets.remember(node, secret);
    const agents = new AgentProxy(store, async (node) => (await cluster.agentSecrets.lookup(node)) ?? dispatcher.sessions.agentSecret(node), security?.agentDialer);
    server.addService(
      loadApiProto().skiff.v1.Api.service,
      rateLimited(
        measuredHandlers(
          authorizedApi(apiHandlers(objects, store, agents, componentLogger(log, "api"), shutdown.signal, limits, tokenHandlers(security, componentLogger(log, "api")), dispatcher.usage, dispatcher.trace), {
            authz,
            audit,
            objects,
            log: componentLogger(log, "api"),
          }),
          metrics,
        ),
        new RateLimiter(rate),
      ),
    );
    server.addService(
      loadNodeProto().skiff.v1.NodeService.service,
      rateLimited(nodeHandlers(dispatcher, store, componentLogger(log, "dispatcher"), shutdown.signal, security ? { auth: security.nodeAuth, enrollment: security.enrollment, serviceAccountTokens } : { auth: INSECURE_NODE_AUTH }, () => cluster.servers.addresses()), new RateLimiter(nodeRateLimit(rate))),
    );
    // The Kubernetes API listens first: once the gRPC port answers, both do.
    kube = await listenKubeEdge(options, { objects, agents, security, tokenRequests: serviceAccountTokens, authz, audit, rate: new RateLimiter(rate), log: componentLogger(log, "kube"), shutdown: shutdown.signal, maxBodyBytes: limits.maxApplyBytes, metrics, usage: dispatcher.usage, trace: dispatcher.trace, usageFeed: dispatcher.usage, tracePeers: { addresses: () => cluster.servers.others(), ...(security ? { ca: security.ca.certPem } : {}) } });
    if (kube) await ensureKubernetesService(objects, kube.address);
    if (options.metricsListen) metricsListener = await listenMetrics(options.metricsListen, () => metrics.render());
    let listener: TlsListener | undefined;
    let port: number;
    if (security) {
      listener = await security.listen(server, options.listen, options.certificateHosts).catch((err: Error) => {
        throw new ListenError(`cannot listen on ${options.listen}: ${err.message}`, { cause: err });
      });
      port = listener.port;
      await security.writeClientConfig(clientAddress(options.listen, port), options.clientConfigPath);
      const kubeconfigPath = options.kubeconfigPath ?? (options.clientConfigPath ? kubeconfigPathFor(options.clientConfigPath) : undefined);
      if (kube) await security.writeKubeconfig(kube.address, kubeconfigPath);
    } else {
      port = await bind(server, options.listen);
    }
    const address = `${hostOf(options.listen)}:${port}`;
    cluster.servers.advertise(options.advertiseAddress ?? clientAddress(options.listen, port)); // ha-failover
    // --- leader election (issue 14): every server serves the API and node sessions; only the
    // leader runs the control loops and the compactor, built afresh for each term (leader/).
    const leader = leadership({
      store,
      log,
      etcd: options.etcd,
      address,
      timing: options.election,
      // On etcd a term's writes are fenced: a leader paused past its lease cannot write on resume.
      termStore: backend instanceof EtcdStore ? (fence, onLost) => new InstrumentedStore(new EncryptingStore(backend.fenced(fence, onLost), cluster.keyring), metrics) : undefined,
      components: (termStore) => [
        ...controlPlane({ store: termStore, log, recorder, dispatcher, metrics, admission, schedulerProfile: options.schedulerProfile, controllers: [...(options.controllers ?? builtInControllers()), ...(options.extraControllers ?? [])] }),
        ...compactorComponents(options, componentLogger(log, "etcd-compactor")),
        ...(options.components ?? []),
      ],
    });
    // With several servers, the heartbeats of the sessions held here, written for the leader to see.
    const nodeLeases: Component[] = options.etcd
      ? [{ name: "node-leases", start: (signal) => renewNodeLeases({ store, sessions: dispatcher.sessions, leading: () => leader.elector.leading, periodMs: lifecycle.heartbeatPeriodMs, durationSeconds: Math.ceil((lifecycle.heartbeatPeriodMs * lifecycle.graceMultiplier) / 1000), log: componentLogger(log, "node-leases") }, signal) }]
      : [];
    // Every server serves the custom kinds its CRD watch tells it of.
    const customKindsWatch: Component = { name: "custom-resources", start: (signal) => customResources.start(signal) };
    const trace = traceComponent(store, dispatcher.trace, componentLogger(log, "trace"));
    const running = runComponents([customKindsWatch, trace, leader.component, ...nodeLeases, ...cluster.components(componentLogger(log, "cluster"))], shutdown.signal, log);
    // --- end leader election
    log.info({ address, kubeAddress: kube?.address, metricsAddress: metricsListener?.address, dataDir: options.dataDir, store: describeBackend(options), revision: store.revision(), tls: Boolean(security), caCertHash: security?.ca.hash, identity: leader.elector.identity }, "skiff server listening");
    return {
      address,
      kubeAddress: kube?.address,
      dashboardAddress: kube?.dashboardAddress,
      metricsAddress: metricsListener?.address,
      metrics,
      store,
      caCertHash: security?.ca.hash,
      createToken: security?.createToken,
      failed: running.failed,
      leader: leader.elector,
      close: async () => {
        shutdown.abort();
        dispatcher.sessions.closeAll();
        await running.stopped;
        await recorder.flush();
        await listener?.close();
        await kube?.listener.close();
        await metricsListener?.close();
        await stopServer(server, () => listener?.close(true));
        agents.close();
        audit?.close();
        await store.close();
        cluster.close(); // ha-failover
        log.info("skiff server stopped");
      },
    };
  } catch (err) {
    shutdown.abort();
    audit?.close();
    await kube?.listener.close();
    await metricsListener?.close();
    await store.close();
    cluster.close(); // ha-failover
    throw err;
  }
}

/** The Kubernetes REST edge on its own port (kube/), when asked for. */
async function listenKubeEdge(options: ServerOptions, deps: Omit<KubeApiDeps, "address" | "tokens" | "refusals"> & { security?: ServerSecurity; trace: TraceRing; usageFeed: UsageFeed; tracePeers: TracePeers }) {
  const listen = options.kubeListen;
  if (!listen || listen === "off") return undefined;
  const { security, trace, usageFeed, tracePeers, ...rest } = deps;
  let tls: KeyPairPem | undefined;
  if (security) {
    // Pods reach it as the `kubernetes` Service (serviceaccounts/kubernetes-service.ts), by its DNS names.
    const inCluster = ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];
    const identity = await issueServerCertificate(security.ca, [...listenHosts(listen), ...(options.dashboardListen ? listenHosts(options.dashboardListen) : []), ...(options.certificateHosts ?? []), ...inCluster]);
    tls = { keyPem: identity.keyPem, certPem: identity.certPem + security.ca.certPem };
  }
  const edge = { ...rest, tokens: security?.tokens, refusals: security?.nodeAuth.refusals };
  // The web dashboard (dashboard/) rides on this edge: its pages call this API as their user.
  const dashboard = dashboardHandler({ objects: rest.objects, tokens: edge.tokens, authz: rest.authz, refusals: edge.refusals, log: componentLogger(rest.log, "dashboard"), shutdown: rest.shutdown, trace, tracePeers, usage: usageFeed });
  const listener = await listenKube(listen, tls, { ...edge, dashboard }).catch((err: Error) => {
    throw new ListenError(`cannot listen on ${listen} for the Kubernetes API: ${err.message} (choose another with --kube-listen HOST:PORT, or --kube-listen off)`, { cause: err });
  });
  const own = options.dashboardListen
    ? await listenKube(options.dashboardListen, tls, { ...edge, dashboard, dashboardOnly: true }).catch(async (err: Error) => {
        await listener.close();
        throw new ListenError(`cannot listen on ${options.dashboardListen} for the dashboard: ${err.message} (choose another with --dashboard-listen HOST:PORT)`, { cause: err });
      })
    : undefined;
  const both = { port: listener.port, close: async () => void (await Promise.all([listener.close(), own?.close()])) };
  return { listener: both, address: clientAddress(listen, listener.port), dashboardAddress: own && clientAddress(options.dashboardListen!, own.port) };
}

function bind(server: grpc.Server, listen: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(new ListenError(`cannot listen on ${listen}: ${err.message}`, { cause: err }));
      else resolve(port);
    });
  });
}

function stopServer(server: grpc.Server, force?: () => unknown): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      force?.();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function hostOf(listen: string): string {
  const i = listen.lastIndexOf(":");
  return i > 0 ? listen.slice(0, i) : listen;
}

/** The server could not bind its address (in use, not an address of this machine...). */
export class ListenError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
