// `skiff server`: open the store, make sure the default namespace exists, serve the API and the
// node protocol on one port, and run the control loops (node lifecycle, scheduler).
import * as grpc from "@grpc/grpc-js";
import { kubeconfigPathFor } from "@skiff/api";
import { EtcdStore, type Store } from "@skiff/store";
import { componentLogger, createLogger } from "./log.js";
import { DEFAULT_LIFECYCLE } from "./nodes/lifecycle-plan.js";
import { clusterNetwork } from "./nodes/cluster-network.js";
import { builtInControllers } from "./controllers/index.js";
import { DEFAULT_POD_SECURITY } from "./objects/admission.js";
import { DEFAULT_LIMITS, grpcServerOptions } from "./objects/limits.js";
import { clientAddress, INSECURE_NODE_AUTH, prepareSecurity, type ServerSecurity, type TlsListener } from "./security/index.js";
import type { KubeListener } from "./kube/server.js";
import { DEFAULT_RATE_LIMIT, RateLimiter, nodeRateLimit, rateLimited } from "./api/rate-limit.js";
import { ServerMetrics } from "./metrics/server-metrics.js";
import { leadership } from "./leader/index.js";
import { AuditLog } from "./audit/index.js";
import { bindInsecure, hostOf, listenKubeEdge, ListenError, stopGracefully } from "./listeners.js";
import type { RunningServer, ServerOptions } from "./server-options.js";
import { mkdir } from "node:fs/promises";
import { compactorComponents, describeBackend, openBackend } from "./store-backend.js";
import { EncryptingStore } from "./secrets/index.js";
import { openClusterState } from "./cluster/index.js"; // ha-failover: keyring, CA, tokens, server list
import { ensureDefaultNamespaces } from "./cluster/default-namespaces.js";
import { apiHandlers } from "./api/grpc-service.js";
import { ObjectService } from "./objects/objects.js";
import { quotaStore } from "./quota/admit-at-commit.js";
import { AdmissionChain } from "./admission/chain.js";
import { loadApiProto, loadNodeProto } from "@skiff/proto";
import { AgentProxy } from "./nodes/agent-proxy.js";
import { Dispatcher } from "./nodes/dispatcher.js";
import { nodeHandlers } from "./nodes/grpc-service.js";
import { runComponents, type Component } from "./components.js";
import { traceComponent } from "./trace/write-recorder.js";
import { CustomResourceRegistrar } from "./customresources/registrar.js";
import { controlPlane } from "./control-plane.js";
import { StoreEventRecorder } from "./events/index.js";
import { tokenHandlers } from "./api/token-service.js";
import { ensureDefaultStorageClass } from "./controllers/volumes/index.js";
import { InstrumentedStore } from "./metrics/store.js";
import { measuredHandlers } from "./metrics/grpc.js";
import { listenMetrics, type MetricsListener } from "./metrics/endpoint.js";
import { renewNodeLeases } from "./nodes/node-leases.js";
import { Authorizer, RbacCache, ensureDefaultRbac } from "./authz/index.js";
import { ensureKubernetesService, startServiceAccounts } from "./serviceaccounts/index.js";
import { authorizedApi } from "./api/authorized.js";
import { WebhookAdmission } from "./admission-webhooks/index.js";

// Its options and result types, and ListenError, live beside it; importers keep finding them here.
export { ListenError } from "./listeners.js";
export type { RunningServer, ServerOptions } from "./server-options.js";

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
      port = await bindInsecure(server, options.listen);
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
        await stopGracefully(server, () => listener?.close(true));
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
