// How an informer names the objects in its cache. Kubernetes' MetaNamespaceKeyFunc: `namespace/name`
// for namespaced objects, plain `name` for cluster-scoped ones (Node, Namespace). The kind is not
// part of the key because one informer holds one kind.
import type { ApiObject } from "@skiff/api";

/** `default/web-1` for a Pod, `n1` for a Node. */
export function objectKey(obj: Pick<ApiObject, "metadata">): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}
