// At every start: create the default ClusterRoles and ClusterRoleBindings that are missing. One
// that exists is left as it is (an administrator may have changed it on purpose).
import { AlreadyExistsError } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./default-roles.js";

export async function ensureDefaultRbac(objects: ObjectService): Promise<number> {
  let created = 0;
  for (const obj of [...DEFAULT_CLUSTER_ROLES, ...DEFAULT_CLUSTER_ROLE_BINDINGS]) {
    try {
      await objects.get({ kind: obj.kind, name: obj.metadata.name });
      continue;
    } catch {
      // not found: make it
    }
    try {
      await objects.create(structuredClone(obj));
      created++;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }
  return created;
}
