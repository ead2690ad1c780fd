// Where objects live in etcd, and how they are written there.
//
// Keys are the LevelDB layout (keys.ts) under a prefix: `/skiff/Pod/default/web`. Values are the
// object's JSON WITHOUT metadata.resourceVersion: the version of an object in etcd is the
// revision of the transaction that wrote it (kv.mod_revision), unknown until that transaction
// commits, so it is set on every read instead (as the Kubernetes apiserver does).
import type { ApiObject } from "@skiff/api";
import type { IKeyValue } from "etcd3";

export const DEFAULT_ETCD_PREFIX = "/skiff";

/** `/skiff`, `/skiff/` and `skiff` all mean the prefix `/skiff`; `/` or "" mean none. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** The end of a range holding exactly the keys that start with `prefix` (etcd's range_end). */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]); // the prefix was all 0xff: to the end of the key space
}

/** What is stored: the object's JSON without its resourceVersion. */
export function encodeValue(object: ApiObject): Buffer {
  const { resourceVersion: _unknownUntilCommitted, ...metadata } = object.metadata;
  return Buffer.from(JSON.stringify({ ...object, metadata }));
}

/** The object of a stored key-value, stamped with the revision that wrote it (or `revision`). */
export function decodeValue(kv: IKeyValue, revision = kv.mod_revision): ApiObject {
  const object = JSON.parse(kv.value.toString("utf8")) as ApiObject;
  object.metadata.resourceVersion = String(revision);
  return object;
}
