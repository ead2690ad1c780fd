// Scaling a workload, as `kubectl scale`: a read-modify-write of spec.replicas, started again
// when someone else wrote the object in between, with an optional precondition on the current size.
import { SkiffError, customKind, splitFieldPath, valueAtPath, withValueAtPath, type ApiObject } from "@skiff/api";
import type { SkiffClient } from "./client.js";
import { retryOnConflict } from "./retry.js";

/** The object is not in the state the caller required (kubectl's PreconditionError). */
export class PreconditionError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}

export interface ScaleOptions {
  /** Omitted: "default". */
  namespace?: string;
  /** Scale only if spec.replicas is this now (kubectl's --current-replicas). */
  currentReplicas?: number;
}

type Scalable = ApiObject<{ replicas?: number }>;

/**
 * Set spec.replicas of a Deployment, ReplicaSet or StatefulSet and return the object as stored.
 * A missing spec.replicas counts as 1, the API's default.
 */
export async function scale<T extends Scalable>(client: SkiffClient, kind: string, name: string, replicas: number, options: ScaleOptions = {}): Promise<T> {
  if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a whole number >= 0, not ${replicas}`);
  // A custom kind keeps its count where its CRD's scale subresource says (`.spec.size`, say).
  const path = splitFieldPath(customKind(kind)?.scale?.specReplicasPath ?? ".spec.replicas");
  return retryOnConflict(async () => {
    const obj = await client.get<T>(kind, name, options.namespace);
    const current = valueAtPath(obj, path) ?? (customKind(kind) ? 0 : 1);
    if (options.currentReplicas !== undefined && options.currentReplicas !== current) {
      throw new PreconditionError(`Expected replicas to be ${options.currentReplicas}, was ${current}`);
    }
    return client.update<T>(withValueAtPath(obj, path, replicas));
  });
}

