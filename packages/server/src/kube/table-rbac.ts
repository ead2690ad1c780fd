// kubectl 1.32's tables for RBAC bindings (printers.go printRoleBinding, printClusterRoleBinding):
// NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. Roles and ClusterRoles print the default
// (Name, Created At), as the apiserver does.
import { age, bindingRole, bindingSubjects, type ApiObject, type RoleBinding } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const binding: Printer = {
  columns: [
    NAME,
    column("Role", "string", "Role indicates the Role or ClusterRole being referenced."),
    AGE,
    column("Users", "string", "Users in the binding.", { wide: true }),
    column("Groups", "string", "Groups in the binding.", { wide: true }),
    column("ServiceAccounts", "string", "ServiceAccounts in the binding.", { wide: true }),
  ],
  cells: (o: ApiObject, now: number) => {
    const b = o as RoleBinding;
    return [b.metadata.name, bindingRole(b), age(b.metadata.creationTimestamp, now), bindingSubjects(b, "User"), bindingSubjects(b, "Group"), bindingSubjects(b, "ServiceAccount")];
  },
};

export const rbacPrinters: Record<string, Printer> = { RoleBinding: binding, ClusterRoleBinding: binding };
