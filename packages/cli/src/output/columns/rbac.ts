// RBAC: kubectl's columns (cells by @skiff/api's rules). Roles print NAME and CREATED AT.
import { age, bindingRole, bindingSubjects, type RoleBinding } from "@skiff/api";
import type { Columns } from "./types.js";

const role: Columns = {
  headers: ["NAME", "CREATED AT"],
  row: (o) => [o.metadata.name, o.metadata.creationTimestamp?.replace(/\.\d+Z$/, "Z") ?? ""],
};

const binding: Columns = {
  headers: ["NAME", "ROLE", "AGE"],
  row: (o, now) => [o.metadata.name, bindingRole(o as RoleBinding), age(o.metadata.creationTimestamp, now)],
  wideHeaders: ["USERS", "GROUPS", "SERVICEACCOUNTS"],
  wideRow: (o) => (["User", "Group", "ServiceAccount"] as const).map((k) => bindingSubjects(o as RoleBinding, k)),
};

export const rbacColumns: Record<string, Columns> = { Role: role, ClusterRole: role, RoleBinding: binding, ClusterRoleBinding: binding };
