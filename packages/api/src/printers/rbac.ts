// Cells for RBAC bindings, by kubectl's rules (printers.go printRoleBinding): ROLE is
// `<Kind>/<name>`; the wide columns list the subjects of each kind, `ns:name` for ServiceAccounts.
import type { ClusterRoleBinding, RoleBinding, Subject } from "../types.js";

export function bindingRole(b: RoleBinding | ClusterRoleBinding): string {
  return `${b.roleRef.kind}/${b.roleRef.name}`;
}

/** USERS, GROUPS, SERVICEACCOUNTS: the subjects of one kind, comma-separated ("" when none). */
export function bindingSubjects(b: RoleBinding | ClusterRoleBinding, kind: Subject["kind"]): string {
  return (b.subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === "ServiceAccount" ? `${s.namespace ?? ""}:${s.name}` : s.name))
    .join(", ");
}
