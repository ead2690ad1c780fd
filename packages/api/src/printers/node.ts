// A node's STATUS and ROLES, and its addresses, as kubectl prints them (printers.go printNode).
import type { Node, NodeAddress } from "../types.js";
import { NONE } from "./labels.js";
import { nodeRoleNames } from "../well-known/nodes.js";

/**
 * From the Ready condition: `Ready` when True, `NotReady` when False or Unknown (the agent has gone
 * silent), `Unknown` when there is no such condition; `,SchedulingDisabled` when cordoned.
 */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  let s = !ready ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady";
  if (node.spec?.unschedulable) s += ",SchedulingDisabled";
  return s;
}

/** ROLES: from `node-role.kubernetes.io/<role>` labels and a `kubernetes.io/role=<role>` label, sorted; <none>. */
export function nodeRoles(node: Node): string {
  const roles = nodeRoleNames(node.metadata.labels);
  return roles.length ? roles.join(",") : NONE;
}

/** The node's first address of a type (`InternalIP`, `ExternalIP`), or <none>. */
export function nodeAddress(node: Node, type: NodeAddress["type"]): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? NONE;
}
