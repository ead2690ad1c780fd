// The namespaces every Kubernetes cluster starts with: `default` for the user's objects,
// `kube-system` (the leader's Lease), `kube-public`, and `kube-node-lease` (the node Leases the
// servers write). Made at each start when missing. As in Kubernetes, the first three may not be deleted.
import { AlreadyExistsError, type Namespace } from "@skiff/api";
import type { Store } from "@skiff/store";

export const DEFAULT_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public"]);

export async function ensureDefaultNamespaces(store: Store, now = new Date()): Promise<void> {
  for (const name of DEFAULT_NAMESPACES) {
    if (await store.get({ kind: "Namespace", name })) continue;
    try {
      await store.create(namespace(name, now));
    } catch (err) {
      // Another server starting on the same etcd made it first.
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }
}

function namespace(name: string, now: Date): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, uid: crypto.randomUUID(), creationTimestamp: now.toISOString() },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}
