// What the SDK's calls take and give back, beside the calls themselves (client.ts).
import type { ApiObject } from "@skiff/api";

export interface ClientOptions {
  /** HOST:PORT. Omitted: SKIFF_SERVER, then the config file, then DEFAULT_SERVER. */
  server?: string;
  /** The cluster CA (PEM). Omitted: the config file's. */
  ca?: string;
  /** The API token. Omitted: the config file's. */
  token?: string;
  /** Plaintext and no token, for a server run with --insecure. Omitted: SKIFF_INSECURE, then the config file's. */
  insecure?: boolean;
  /** Act as another user (and groups), as kubectl's --as / --as-group: the token's user must be allowed to impersonate them. */
  impersonate?: { user: string; groups?: string[] };
}

export interface ApplyOptions {
  /** Validate and compute the results, store nothing. */
  dryRun?: boolean;
  /** Fields skiff does not support become errors instead of warnings. */
  strict?: boolean;
}

export type ApplyAction = "created" | "configured" | "unchanged";

export interface ApplyResult<T extends ApiObject = ApiObject> {
  action: ApplyAction;
  object: T;
  warnings: string[];
}

export interface ListOptions {
  /** Omitted or "": every namespace (client-go's NamespaceAll). Ignored for cluster-scoped kinds. */
  namespace?: string;
  /** Kubernetes' string form: "app=web,tier!=db,env in (a,b),!legacy". */
  labelSelector?: string;
}

export interface ObjectList<T extends ApiObject = ApiObject> {
  items: T[];
  /** The store revision the list reflects: watch from it to miss nothing. */
  resourceVersion: string;
}

export type PropagationPolicy = "background" | "foreground" | "orphan";

export interface DeleteOptions {
  /** Omitted: "default" for namespaced kinds. */
  namespace?: string;
  /** Delete only if the object is still at this revision (else ConflictError). */
  resourceVersion?: string;
  /** What happens to the objects this one owns (default "background"). */
  propagationPolicy?: PropagationPolicy;
  /**
   * Pods: seconds its containers are given to stop; omitted, the pod's terminationGracePeriodSeconds.
   * 0 removes the pod at once, without waiting for its node to confirm (kubectl's `--grace-period=0 --force`).
   */
  gracePeriodSeconds?: number;
}

export interface WatchOptions extends ListOptions {
  /** Start after this revision. Omitted or "0": the current objects arrive first as ADDED. */
  resourceVersion?: string;
  /** Abort to end the watch; the loop then finishes normally. */
  signal?: AbortSignal;
}

export interface HealthStatus {
  status: string;
  version: string;
  revision: string;
}
