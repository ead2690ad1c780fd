// Who a node-protocol call comes from: the CN of its verified client certificate, `node:<name>`.
// grpc-js gives the peer certificate only when it verified against the cluster CA (and has not
// expired); anything else is no identity at all.
import type { PeerCertificate } from "node:tls";
import { PermissionDeniedError } from "@skiff/api";
import { NODE_CN_PREFIX } from "./ca.js";

export interface AuthContextLike {
  sslPeerCertificate?: Pick<PeerCertificate, "subject">;
}

/** The node a verified client certificate names, or undefined (no certificate, or not a node's). */
export function nodeOfCertificate(auth: AuthContextLike | null | undefined): string | undefined {
  const cn = auth?.sslPeerCertificate?.subject?.CN as string | string[] | undefined;
  const name = Array.isArray(cn) ? (cn.length === 1 ? cn[0] : undefined) : cn;
  if (!name?.startsWith(NODE_CN_PREFIX)) return undefined;
  return name.slice(NODE_CN_PREFIX.length) || undefined;
}

/** A node may act only as itself: refuse when the certificate names another node than the one addressed. */
export function checkSameNode(certNode: string, nodeName: string, what: string): void {
  if (certNode !== nodeName) {
    throw new PermissionDeniedError(`the certificate of node "${certNode}" may not ${what} of node "${nodeName}"`);
  }
}
