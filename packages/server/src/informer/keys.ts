// How an informer names the objects in its cache. Kubernetes' MetaNamespaceKeyFunc: `namespace/name`
// for namespaced objects, plain `name` for cluster-scoped ones (Node, Namespace). The kind is not
// part of the key because one informer holds one kind. One rule, shared with the SDK's informers.
export { keyOf as objectKey } from "@skiff/api";
