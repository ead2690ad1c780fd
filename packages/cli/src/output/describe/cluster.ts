// Nodes and Namespaces.
import type { ApiObject, Namespace, Node } from "@skiff/api";
import { nodeRoles, nodeStatus } from "../columns/index.js";
import type { DescribeWriter } from "./writer.js";

export function describeNode(obj: ApiObject, w: DescribeWriter): void {
  const node = obj as Node;
  w.field("Roles", nodeRoles(node));
  w.field("Status", nodeStatus(node));
  w.field("Unschedulable", node.spec?.unschedulable ? "true" : "false");
  const conditions = node.status?.conditions ?? [];
  if (conditions.length) {
    w.section("Conditions", (s) => {
      for (const c of conditions) s.field(c.type, `${c.status}${c.reason ? ` (${c.reason})` : ""}`);
    });
  }
  const addresses = node.status?.addresses ?? [];
  if (addresses.length) w.section("Addresses", (s) => addresses.forEach((a) => s.field(a.type, a.address)));
  if (node.status?.capacity) w.mapBlock("Capacity", node.status.capacity);
  if (node.status?.allocatable) w.mapBlock("Allocatable", node.status.allocatable);
}

export function describeNamespace(obj: ApiObject, w: DescribeWriter): void {
  w.field("Status", (obj as Namespace).status?.phase ?? "Active");
}
