// A CustomResourceDefinition's defaults, as Kubernetes sets them: singular and listKind from the
// kind, conversion "None", and the cleanup finalizer that holds a deleted CRD until its objects
// are gone (the server's CRD controller removes it).
import type { CustomResourceDefinition } from "../types/apiextensions.js";

export const CRD_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

export function defaultCustomResourceDefinition(crd: CustomResourceDefinition): void {
  const spec = crd.spec;
  if (!spec) return;
  spec.names.singular ||= spec.names.kind.toLowerCase();
  spec.names.listKind ||= `${spec.names.kind}List`;
  spec.conversion ??= { strategy: "None" };
  const finalizers = crd.metadata.finalizers ?? [];
  if (!crd.metadata.deletionTimestamp && !finalizers.includes(CRD_CLEANUP_FINALIZER)) crd.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
}
