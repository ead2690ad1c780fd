// The agent's side of the logs/exec channel (docs/security.md): it serves TLS with its node
// certificate, requires a client certificate of the cluster CA, and lets in only a server's
// (CN `skiff-server`; a node's names `node:<name>`). The served certificate follows renewals.
import * as grpc from "@grpc/grpc-js";
import type { PeerCertificate } from "node:tls";
import { SERVER_CERT_NAME, type NodeCredentials } from "../session/certificates.js";

type IdentityListener = (update: grpc.experimental.IdentityCertificateUpdate | null) => void;
type CaListener = (update: grpc.experimental.CaCertificateUpdate | null) => void;

/** A certificate provider for grpc-js's server credentials, whose certificate can change (renewal). */
export class ServingIdentity implements grpc.experimental.CertificateProvider {
  private readonly identityListeners = new Set<IdentityListener>();
  private readonly caListeners = new Set<CaListener>();

  constructor(private creds: NodeCredentials) {}

  /** Credentials that serve this identity and require a client certificate of its CA. */
  serverCredentials(): grpc.ServerCredentials {
    return grpc.experimental.createCertificateProviderServerCredentials(this, this, true);
  }

  /** New connections get the renewed certificate; open ones keep theirs. */
  update(next: NodeCredentials): void {
    this.creds = next;
    for (const l of this.identityListeners) l(this.identity());
    for (const l of this.caListeners) l(this.ca());
  }

  // grpc-js adds its listener before it watches for updates: tell it on the next tick.
  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => listener(this.identity()));
  }
  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }
  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    queueMicrotask(() => listener(this.ca()));
  }
  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  private identity(): grpc.experimental.IdentityCertificateUpdate {
    return { certificate: Buffer.from(this.creds.certPem), privateKey: Buffer.from(this.creds.keyPem) };
  }
  private ca(): grpc.experimental.CaCertificateUpdate {
    return { caCertificate: Buffer.from(this.creds.caPem) };
  }
}

/** Why a call's client certificate is not a server's (undefined when it is). TLS already checked the CA. */
export function notFromServer(auth: { sslPeerCertificate?: Pick<PeerCertificate, "subject"> } | null): string | undefined {
  const cn = auth?.sslPeerCertificate?.subject?.CN as string | string[] | undefined;
  if (cn === SERVER_CERT_NAME) return undefined;
  if (cn === undefined) return "the call carried no client certificate";
  return `the client certificate is "${Array.isArray(cn) ? cn.join(",") : cn}", not a skiff server's`;
}
