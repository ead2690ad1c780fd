// The server's side of the channel to an agent's logs/exec service (docs/security.md): mutual
// TLS. The server presents its agent client certificate (CN `skiff-server`, issued by the cluster
// CA at every start); it trusts the cluster CA alone and checks that the agent's certificate names
// the node it meant to reach, whatever address it dialled (a node's certificate has no address in it).
import * as grpc from "@grpc/grpc-js";
import type { PeerCertificate } from "node:tls";
import { NODE_CN_PREFIX, type KeyPairPem } from "./ca.js";

/** How the server dials the agent of `nodeName` at `endpoint`. */
export type AgentDialer = (nodeName: string, endpoint: string) => { credentials: grpc.ChannelCredentials; options: grpc.ChannelOptions };

export const INSECURE_AGENT_DIALER: AgentDialer = () => ({ credentials: grpc.credentials.createInsecure(), options: {} });

// The TLS server name sent to agents: a DNS name (an IP address is not allowed in SNI). Agents
// serve one certificate whatever name is asked; the check below is what matters.
const AGENT_SERVER_NAME = "skiff-node";

export function secureAgentDialer(caPem: string, identity: KeyPairPem): AgentDialer {
  return (nodeName, endpoint) => ({
    credentials: grpc.credentials.createSsl(Buffer.from(caPem), Buffer.from(identity.keyPem), Buffer.from(identity.certPem), {
      checkServerIdentity: (_host, cert) => agentCertificateError(cert, nodeName, endpoint),
    }),
    options: { "grpc.ssl_target_name_override": AGENT_SERVER_NAME },
  });
}

/** Why a verified agent certificate is not the one of `nodeName` (undefined when it is). */
export function agentCertificateError(cert: Pick<PeerCertificate, "subject">, nodeName: string, endpoint: string): Error | undefined {
  const cn = cert.subject?.CN as string | string[] | undefined;
  const name = Array.isArray(cn) ? cn.join(",") : cn;
  if (name === `${NODE_CN_PREFIX}${nodeName}`) return undefined;
  const whose = name?.startsWith(NODE_CN_PREFIX) ? `node "${name.slice(NODE_CN_PREFIX.length)}"` : `"${name ?? "no name"}", not a node`;
  return new Error(`the agent at ${endpoint} is not node "${nodeName}": its certificate is of ${whose}`);
}
