// Where `skiff server` listens (serve.ts): the gRPC port without TLS (with TLS, security/ binds
// it), the Kubernetes REST edge and the dashboard's own port, and a graceful stop of gRPC.
import * as grpc from "@grpc/grpc-js";
import { SkiffError } from "@skiff/api";
import { dashboardHandler } from "./dashboard/index.js";
import type { UsageFeed } from "./dashboard/stream.js";
import type { TracePeers } from "./dashboard/trace-stream.js";
import type { KubeApiDeps } from "./kube/handler.js";
import { listenKube } from "./kube/server.js";
import { componentLogger } from "./log.js";
import { clientAddress, issueServerCertificate, type KeyPairPem, type ServerSecurity } from "./security/index.js";
import { listenHosts } from "./security/setup.js";
import type { ServerOptions } from "./server-options.js";
import type { TraceRing } from "./trace/trace-ring.js";

// How long a graceful stop waits for calls in flight before cutting them.
const SHUTDOWN_GRACE_MS = 5_000;

/** The Kubernetes REST edge on its own port (kube/), when asked for. */
export async function listenKubeEdge(options: ServerOptions, deps: Omit<KubeApiDeps, "address" | "tokens" | "refusals"> & { security?: ServerSecurity; trace: TraceRing; usageFeed: UsageFeed; tracePeers: TracePeers }) {
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

export function bindInsecure(server: grpc.Server, listen: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(new ListenError(`cannot listen on ${listen}: ${err.message}`, { cause: err }));
      else resolve(port);
    });
  });
}

export function stopGracefully(server: grpc.Server, force?: () => unknown): Promise<void> {
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

export function hostOf(listen: string): string {
  const i = listen.lastIndexOf(":");
  return i > 0 ? listen.slice(0, i) : listen;
}

/** The server could not bind its address (in use, not an address of this machine...). */
export class ListenError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
