// How a node gets and keeps its certificate. Join: a join token, a node name and a public key in;
// the node's certificate and the CA out. Renew: the node's current certificate (checked by TLS
// and auth.ts) and a new public key in, a new certificate for the same node out. A revoked join
// token stops new joins only: nodes that joined with it keep their certificates.
import { UnauthenticatedError, ValidationError, isDns1123Subdomain } from "@skiff/api";
import { issueNodeCertificate, NODE_CERT_TTL_MS, type ClusterCA } from "./ca.js";
import type { RefusalLog } from "./refusals.js";
import type { TokenStore } from "./tokens.js";

export interface JoinRequest {
  token: string;
  nodeName: string;
  publicKeyPem: string;
}

export class Enrollment {
  constructor(
    private readonly ca: ClusterCA,
    private readonly tokens: TokenStore,
    private readonly refusals: RefusalLog,
    private readonly certTtlMs = NODE_CERT_TTL_MS,
  ) {}

  async join(req: JoinRequest, peer: string): Promise<{ certPem: string; caPem: string }> {
    const verdict = this.tokens.verify(req.token, "join");
    if ("refused" in verdict) {
      this.refusals.refused(peer, `join with a ${verdict.refused === "unknown token" ? "revoked or unknown" : verdict.refused.replace(/ token$/, "")} join token`, { node: req.nodeName });
      throw new UnauthenticatedError(
        verdict.refused === "expired token" ? "the join token has expired: create another with 'skiff token create'" :
        verdict.refused === "token of the wrong kind" ? "that is an API token, not a join token" :
        "the join token is not valid (unknown, revoked or mistyped)",
      );
    }
    const certPem = this.issue(req.nodeName, req.publicKeyPem);
    await this.tokens.used(verdict.record.id);
    return { certPem, caPem: this.ca.certPem };
  }

  /** A new certificate for the node the current one names. */
  renew(nodeName: string, publicKeyPem: string): string {
    return this.issue(nodeName, publicKeyPem);
  }

  private issue(nodeName: string, publicKeyPem: string): string {
    if (!isDns1123Subdomain(nodeName)) {
      throw new ValidationError([{ path: "nodeName", message: `"${nodeName}" is not a valid node name (lower case letters, digits, '-' and '.')` }]);
    }
    try {
      return issueNodeCertificate(this.ca, nodeName, publicKeyPem, this.certTtlMs);
    } catch (err) {
      throw new ValidationError([{ path: "publicKeyPem", message: (err as Error).message }]);
    }
  }
}
