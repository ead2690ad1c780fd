// The custom kinds' side of lifecycle: while a CRD is being deleted its objects are being removed,
// so a new one is refused (as Kubernetes' CRD handler does), or it could outlive the CRD.
import { SkiffError, customKind, describeRef, refOf, type ApiObject } from "@skiff/api";

/** Kubernetes answers 405 MethodNotAllowed; over gRPC it is a failed precondition. */
export class KindTerminatingError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
  readonly status = 405;
}

/** Throws for the first of `creating` whose kind's CRD is being deleted. */
export function checkKindsServed(creating: readonly ApiObject[]): void {
  for (const o of creating) {
    const kind = customKind(o.kind);
    if (!kind?.terminating) continue;
    throw new KindTerminatingError(
      `create not allowed while custom resource definition is terminating: ${kind.crdName} is being deleted, with every ${kind.kind} (refused: ${describeRef(refOf(o))})`,
    );
  }
}
