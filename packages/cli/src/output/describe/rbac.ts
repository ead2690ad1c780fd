// RBAC objects as kubectl's describers print them: a role's rules as a table of resources,
// non-resource URLs, resource names and verbs; a binding's role and subjects.
import type { ApiObject, ClusterRole, RoleBinding } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

export function describeRole(obj: ApiObject, w: DescribeWriter): void {
  const role = obj as ClusterRole;
  const rows = [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]];
  for (const r of role.rules ?? []) {
    const resources = (r.resources ?? []).flatMap((res) => (r.apiGroups ?? [""]).map((g) => (g ? `${res}.${g}` : res)));
    rows.push([resources.join(", "), `[${(r.nonResourceURLs ?? []).join(" ")}]`, `[${(r.resourceNames ?? []).join(" ")}]`, `[${r.verbs.join(" ")}]`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  w.text("PolicyRule:");
  for (const row of rows) w.text(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()}`);
}

export function describeBinding(obj: ApiObject, w: DescribeWriter): void {
  const b = obj as RoleBinding;
  w.section("Role", (s) => s.field("Kind", b.roleRef.kind).field("Name", b.roleRef.name));
  const subjects = b.subjects ?? [];
  w.text("Subjects:");
  w.text(`  Kind${" ".repeat(11)}Name${" ".repeat(16)}Namespace`);
  for (const s of subjects) w.text(`  ${s.kind.padEnd(15)}${s.name.padEnd(20)}${s.namespace ?? ""}`.trimEnd());
}
