// A controller writes whole objects, where a user of the API names the status subresource. An
// update that changes nothing but the status is, for admission, an update of `status` (Kubernetes'
// controllers write `replicasets/status`), so a webhook's rule on `replicasets` is not asked about
// every status write the ReplicaSet controller makes. Pure.
import { isDeepStrictEqual } from "node:util";
import type { ApiObject } from "@skiff/api";

export function subresourceOf(object: ApiObject, stored: ApiObject | undefined): "" | "status" {
  if (!stored) return "";
  return isDeepStrictEqual(withoutStatus(object), withoutStatus(stored)) && !isDeepStrictEqual(object.status, stored.status) ? "status" : "";
}

// The status, and what the store stamps on every write.
function withoutStatus(object: ApiObject): unknown {
  const { status: _s, metadata, ...rest } = object;
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = metadata;
  return { ...rest, metadata: meta };
}
