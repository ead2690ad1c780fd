// Who a ServiceAccount token is: its signature and expiry (token.ts), then, as Kubernetes'
// "legacy-free" authenticator does, whether what it is bound to still exists: the ServiceAccount
// (same uid) and the pod (same uid). A token of a deleted pod stops working at once, not at its
// expiry. Lookups are synchronous, from informer caches kept on every server (the API edges run
// on every server).
import type { ApiObject } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer, standardIndexers } from "../informer/index.js";
import type { Logger } from "../log.js";
import type { UserInfo } from "../authz/types.js";
import { serviceAccountUser, verifyToken, type SigningKey, type TokenClaims } from "./token.js";

/** `namespace/name` -> the object's uid, or undefined when there is none. */
export type UidLookup = (namespace: string, name: string) => string | undefined;

export type Authentication = { user: UserInfo } | { refusal: { reason: string; message: string } };

/** The decision, pure: a verified token's claims against what exists now. */
export function authenticateServiceAccount(token: string, key: Pick<SigningKey, "verifiers">, nowMs: number, lookup: { serviceAccount: UidLookup; pod: UidLookup }): Authentication {
  const verdict = verifyToken(token, key, nowMs);
  if ("refused" in verdict) return refuse(verdict.refused, verdict.refused === "expired token" ? "the service account token has expired" : "the service account token is not valid");
  const c: TokenClaims = verdict.claims;
  if (lookup.serviceAccount(c.namespace, c.serviceAccount.name) !== c.serviceAccount.uid) {
    return refuse("service account gone", `the service account ${c.namespace}/${c.serviceAccount.name} of this token no longer exists`);
  }
  if (c.pod && lookup.pod(c.namespace, c.pod.name) !== c.pod.uid) {
    return refuse("pod gone", `the pod ${c.namespace}/${c.pod.name} this token is bound to no longer exists`);
  }
  return { user: serviceAccountUser(c.namespace, c.serviceAccount.name) };
}

function refuse(reason: string, message: string): Authentication {
  return { refusal: { reason, message } };
}

/** The authenticator of a running server: two informers (ServiceAccounts, Pods) and the cluster's key. */
export class ServiceAccountAuthenticator {
  private readonly accounts: Informer;
  private readonly pods: Informer;

  constructor(
    store: Store,
    log: Logger,
    private readonly key: SigningKey,
    private readonly clock: () => number = Date.now,
  ) {
    this.accounts = new Informer(store, { kind: "ServiceAccount", log, indexers: standardIndexers("ServiceAccount") });
    this.pods = new Informer(store, { kind: "Pod", log, indexers: {} });
  }

  async start(signal: AbortSignal): Promise<void> {
    void this.accounts.start(signal);
    void this.pods.start(signal);
    await Promise.all([this.accounts.synced, this.pods.synced]);
  }

  /** The pod or account as this server's informers have it now (maybe a moment behind the store). */
  cached(kind: "Pod" | "ServiceAccount", namespace: string, name: string): ApiObject | undefined {
    return (kind === "Pod" ? this.pods : this.accounts).get(`${namespace}/${name}`) as ApiObject | undefined;
  }

  authenticate(token: string): Authentication {
    const uid = (i: Informer) => (ns: string, name: string) => (i.get(`${ns}/${name}`) as ApiObject | undefined)?.metadata.uid;
    return authenticateServiceAccount(token, this.key, this.clock(), { serviceAccount: uid(this.accounts), pod: uid(this.pods) });
  }
}
