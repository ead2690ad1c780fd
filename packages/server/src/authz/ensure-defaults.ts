// At every start: create the default ClusterRoles and ClusterRoleBindings that are missing, in
// one atomic apply (one write, not one per object: every test starts a fresh server). One that
// exists is left as it is (an administrator may have changed it on purpose). Servers that start
// together on one etcd race to create them: the loser looks again and finds them there.
import { AlreadyExistsError, ConflictError } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./default-roles.js";

const ATTEMPTS = 5;

export async function ensureDefaultRbac(objects: ObjectService): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const present = new Set<string>();
    for (const kind of ["ClusterRole", "ClusterRoleBinding"]) {
      for (const o of (await objects.list({ kind })).items) present.add(`${kind}/${o.metadata.name}`);
    }
    const missing = [...DEFAULT_CLUSTER_ROLES, ...DEFAULT_CLUSTER_ROLE_BINDINGS].filter((o) => !present.has(`${o.kind}/${o.metadata.name}`));
    if (missing.length === 0) return 0;
    try {
      await objects.apply(missing.map((o) => structuredClone(o)));
      return missing.length;
    } catch (err) {
      const raced = err instanceof AlreadyExistsError || err instanceof ConflictError;
      if (!raced || attempt >= ATTEMPTS) throw err;
    }
  }
}
