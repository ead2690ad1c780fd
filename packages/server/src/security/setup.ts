// What `serve()` does for security, in one place: on every start, load (or on the first, make)
// the CA and the token file, issue the server's certificate for the addresses it listens on, and
// listen with TLS; issue the client certificate it dials agents with; on the first start, also make the admin API token and write the client config;
// on every start, write the kubeconfig for the REST API (kubeconfig.ts).
import type * as grpc from "@grpc/grpc-js";
import { access } from "node:fs/promises";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { formatJoinToken, parseJoinToken } from "@skiff/api";
import type { Logger } from "../log.js";
import { issueAgentClientCertificate, issueServerCertificate, loadOrCreateCA, NODE_CERT_TTL_MS, type ClusterCA } from "./ca.js";
import { authInterceptor, secureNodeAuth, type NodeAuth } from "./auth.js";
import { secureAgentDialer, type AgentDialer } from "./agent-channel.js";
import { ADMIN_CONFIG_FILE, readAdminToken, writeClientConfig } from "./client-config.js";
import { Enrollment } from "./enrollment.js";
import { ADMIN_KUBECONFIG_FILE, kubeServerUrl, writeKubeconfig } from "./kubeconfig.js";
import { listenTlsFirst, serverCredentials, splitListen, type TlsListener } from "./listener.js";
import { RefusalLog } from "./refusals.js";
import { TokenStore, type TokenUsage } from "./tokens.js";

export interface ServerSecurity {
  ca: ClusterCA;
  tokens: TokenStore;
  nodeAuth: NodeAuth;
  enrollment: Enrollment;
  /** How to dial an agent's logs/exec service: mutual TLS with this start's agent client certificate. */
  agentDialer: AgentDialer;
  /** For the grpc.Server's options: checks every call (auth.ts). */
  interceptor: grpc.ServerInterceptor;
  /** Listen on `listen` with TLS, the server certificate naming its addresses and `extraHosts`. */
  listen(server: grpc.Server, listen: string, extraHosts?: string[]): Promise<TlsListener>;
  /** First start: make the admin token; then write the client config at `path` if it is new or missing. */
  writeClientConfig(address: string, path: string | undefined): Promise<void>;
  /**
   * Every start, after writeClientConfig: write the kubeconfig for the REST API at `address`
   * (`HOST:PORT`) to the data dir and to `path`, with the admin token; nothing before that token exists.
   */
  writeKubeconfig(address: string, path: string | undefined): Promise<void>;
  /** A new token, as `skiff token create` makes (in-process tests use it). */
  createToken(usage: TokenUsage, ttlMs?: number): Promise<string>;
}

/**
 * Where the CA, the tokens and the admin token come from: the data dir (one server), or the
 * cluster state shared through etcd (cluster/cluster-state.ts).
 */
export interface SecuritySources {
  ca: ClusterCA;
  tokens: TokenStore;
  /** The cluster's admin token: the one kept, or `make()`'s when there is none yet. */
  adminToken(make: () => Promise<string>): Promise<string>;
}

export async function prepareSecurity(dataDir: string, log: Logger, nodeCertTtlMs = NODE_CERT_TTL_MS, sources?: SecuritySources): Promise<ServerSecurity> {
  const ca = sources?.ca ?? (await loadOrCreateCA(dataDir));
  const tokens = sources?.tokens ?? (await TokenStore.open(dataDir));
  const adminToken = sources?.adminToken ?? ((make: () => Promise<string>) => make());
  const refusals = new RefusalLog(log);
  const agentClient = await issueAgentClientCertificate(ca);
  let listener: TlsListener | undefined;
  const security: ServerSecurity = {
    ca,
    tokens,
    nodeAuth: secureNodeAuth(refusals),
    enrollment: new Enrollment(ca, tokens, refusals, nodeCertTtlMs),
    agentDialer: secureAgentDialer(ca.certPem, agentClient),
    interceptor: authInterceptor(tokens, refusals, (peer) => listener?.isPlaintext(peer) ?? false),
    listen: async (server, listen, extraHosts = []) => {
      const identity = await issueServerCertificate(ca, [...listenHosts(listen), ...extraHosts]);
      // The chain holds the CA too: an agent joining checks the CA's hash before it trusts it.
      listener = await listenTlsFirst(server, listen, serverCredentials({ keyPem: identity.keyPem, certPem: identity.certPem + ca.certPem }, ca.certPem));
      return listener;
    },
    writeClientConfig: async (address, path) => {
      let token = await readAdminToken(dataDir);
      const first = token === undefined;
      if (first) {
        token = await adminToken(async () => (await tokens.create("api", { description: "admin (made on first start)" })).token);
        await writeClientConfig(join(dataDir, ADMIN_CONFIG_FILE), { server: address, caPem: ca.certPem, token });
      }
      if (!path || (!first && (await exists(path)))) return;
      await writeClientConfig(path, { server: address, caPem: ca.certPem, token: token! });
      log.info({ path }, "client config written (server address, CA and admin token)");
    },
    writeKubeconfig: async (address, path) => {
      const token = await readAdminToken(dataDir);
      if (token === undefined) return;
      const content = { server: kubeServerUrl(address), caPem: ca.certPem, token };
      await writeKubeconfig(join(dataDir, ADMIN_KUBECONFIG_FILE), content);
      if (!path) return;
      await writeKubeconfig(path, content);
      log.info({ path, server: content.server }, "kubeconfig written (REST API address, CA and admin token)");
    },
    createToken: async (usage, ttlMs) => {
      const { token } = await tokens.create(usage, { ttlMs });
      return usage === "join" ? formatJoinToken({ ...parseJoinToken(token), caCertHash: ca.hash }) : token;
    },
  };
  return security;
}

/** The names and IPs a client may use for a server listening on `listen`. */
export function listenHosts(listen: string): string[] {
  const { host } = splitListen(listen);
  if (host !== "0.0.0.0" && host !== "::" && host !== "") return [host];
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  return [hostname(), ...addresses];
}

/** Where a client on this machine reaches a server bound to `listen` (a wildcard means loopback). */
export function clientAddress(listen: string, port: number): string {
  const { host } = splitListen(listen);
  if (host === "0.0.0.0" || host === "") return `127.0.0.1:${port}`;
  if (host === "::") return `[::1]:${port}`;
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
