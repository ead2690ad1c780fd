// What one write asks of admission, whoever makes it (a user through an API edge, or a controller
// through its store): the object as it will be stored (an update's already merged with the stored
// one) and, for an update, the stored one.
import type { ApiObject, ObjectRef } from "@skiff/api";

export type WriteOperation = "CREATE" | "UPDATE";

export interface AdmissionRequest {
  operation: WriteOperation;
  /** "status" for the status subresource, "" for the object itself. */
  subresource: string;
  object: ApiObject;
  /** The stored object an UPDATE replaces. */
  oldObject?: ApiObject;
  dryRun: boolean;
  /** Warnings so far (validation's); the chain adds the webhooks'. */
  warnings: string[];
  /** Objects written in the same batch (an apply of a ServiceAccount and its pod): looked up before the store. */
  siblings?: ApiObject[];
}

/** What the plugins may read: the store, or a view of it. */
export interface AdmissionReads {
  get(ref: ObjectRef): Promise<ApiObject | undefined>;
  list(kind: string, options: { namespace: string }): Promise<{ items: ApiObject[] }>;
}

/** A built-in admission plugin (Kubernetes' compiled-in ones): a mutating step, a validating step, or both. */
export interface AdmissionPlugin {
  name: string;
  /** Whether this plugin has anything to do with the request (pure: kind, operation, subresource). */
  handles(request: Pick<AdmissionRequest, "operation" | "subresource" | "object">): boolean;
  mutate?(object: ApiObject, request: AdmissionRequest, reads: AdmissionReads): Promise<ApiObject>;
  validate?(object: ApiObject, request: AdmissionRequest, reads: AdmissionReads): Promise<void>;
}
