// Tokens for the pods of a node, asked for by its agent (NodeService/ServiceAccountToken), as the
// kubelet asks the API server's TokenRequest for each pod's projected token. A node gets tokens
// only for the pods bound to it, and only for a pod that mounts one.
import { NotFoundError, PermissionDeniedError, ValidationError, type ApiObject, type Pod, type ServiceAccount } from "@skiff/api";
import type { Store } from "@skiff/store";
import { mountsToken } from "../admission/service-account.js";
import { issueToken, MIN_TOKEN_REQUEST_SECONDS, type SigningKey } from "./token.js";

/** The part of a TokenRequest (authentication.k8s.io/v1) skiff reads. */
export interface TokenRequestSpec {
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

/** What this server's informers hold (the authenticator's): read before the store, which a cache miss falls back to. */
export interface CachedReads {
  cached(kind: "Pod" | "ServiceAccount", namespace: string, name: string): ApiObject | undefined;
}

export class ServiceAccountTokenIssuer {
  constructor(
    private readonly store: Store,
    private readonly key: SigningKey,
    /** --service-account-token-ttl: the lifetime of each pod token. */
    readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
    private readonly cache?: CachedReads,
  ) {}

  /**
   * The object from the cache when it passes `fits`, else from the store: every pod start asks
   * for a token, and a store read each was a measurable share of the server's work at scale. A
   * cache a moment behind (a pod just bound, not yet seen) only costs the store read it saved.
   */
  private async read<T extends ApiObject>(kind: "Pod" | "ServiceAccount", namespace: string, name: string, fits: (o: T) => boolean = () => true): Promise<T | undefined> {
    const cached = this.cache?.cached(kind, namespace, name) as T | undefined;
    if (cached && fits(cached)) return cached;
    return (await this.store.get({ kind, namespace, name })) as T | undefined;
  }

  /** A token for pod `namespace/name` (uid `uid`), asked for by node `node` (undefined: --insecure, anyone). */
  async forPod(node: string | undefined, namespace: string, name: string, uid: string): Promise<{ token: string; expiresAtMs: number }> {
    const pod = await this.read<Pod>("Pod", namespace, name, (p) => (!uid || p.metadata.uid === uid) && (node === undefined || p.spec.nodeName === node));
    if (!pod || (uid && pod.metadata.uid !== uid)) throw new NotFoundError(`pod ${namespace}/${name} (uid ${uid}) not found`);
    if (node !== undefined && pod.spec.nodeName !== node) throw new PermissionDeniedError(`node "${node}" cannot get a token for pod ${namespace}/${name}: it is not bound to that node`);
    const accountName = pod.spec.serviceAccountName ?? "default";
    const account = await this.read<ServiceAccount>("ServiceAccount", namespace, accountName);
    if (!account) throw new NotFoundError(`serviceaccount "${accountName}" not found in namespace "${namespace}"`);
    if (!mountsToken(pod, account)) throw new PermissionDeniedError(`pod ${namespace}/${name} does not mount a service account token (automountServiceAccountToken: false)`);
    const { token, claims } = issueToken(
      { namespace, serviceAccount: { name: accountName, uid: account.metadata.uid ?? "" }, pod: { name, uid: pod.metadata.uid ?? "" }, ...(pod.spec.nodeName ? { node: pod.spec.nodeName } : {}) },
      this.key,
      this.clock(),
      this.ttlSeconds,
    );
    return { token, expiresAtMs: claims.expiresAt * 1000 };
  }

  /**
   * TokenRequest (`create serviceaccounts/token`, what `kubectl create token` posts): a token of
   * account `namespace/name`, optionally bound to a pod, for expirationSeconds (default 1 h, at
   * least 10 minutes, as Kubernetes).
   */
  async request(namespace: string, name: string, spec: TokenRequestSpec = {}): Promise<{ token: string; expiresAtMs: number }> {
    const seconds = spec.expirationSeconds ?? 3600;
    if (!Number.isInteger(seconds) || seconds < MIN_TOKEN_REQUEST_SECONDS) {
      throw new ValidationError([{ path: "spec.expirationSeconds", message: `Invalid value: ${seconds}: may not specify a duration less than 10 minutes` }]);
    }
    const account = (await this.store.get({ kind: "ServiceAccount", namespace, name })) as ServiceAccount | undefined;
    if (!account) throw new NotFoundError(`serviceaccounts "${name}" not found`);
    let pod: { name: string; uid: string } | undefined;
    const bound = spec.boundObjectRef;
    if (bound) {
      if (bound.kind !== "Pod") throw new ValidationError([{ path: "spec.boundObjectRef.kind", message: `Unsupported value: ${JSON.stringify(bound.kind)}: supported values: "Pod"` }]);
      const found = (await this.store.get({ kind: "Pod", namespace, name: bound.name ?? "" })) as Pod | undefined;
      if (!found || (bound.uid && found.metadata.uid !== bound.uid)) throw new NotFoundError(`pods "${bound.name ?? ""}" not found`);
      pod = { name: found.metadata.name, uid: found.metadata.uid ?? "" };
    }
    const { token, claims } = issueToken({ namespace, serviceAccount: { name, uid: account.metadata.uid ?? "" }, ...(pod ? { pod } : {}) }, this.key, this.clock(), seconds);
    return { token, expiresAtMs: claims.expiresAt * 1000 };
  }
}
