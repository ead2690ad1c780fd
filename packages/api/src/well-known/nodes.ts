// The labels and annotations on a Node. The server writes them from the agent's registration
// (server/src/nodes/node-object.ts, node-index.ts); the scheduler, the CLI and kubectl read them.
import type { Node } from "../types.js";

/** The node's name, as Kubernetes labels every node (what `nodeSelector` and spreading use). */
export const HOSTNAME_LABEL = "kubernetes.io/hostname";
/** `linux`, from the agent's platform. */
export const OS_LABEL = "kubernetes.io/os";
/** `amd64`, `arm64`, from the agent's platform. */
export const ARCH_LABEL = "kubernetes.io/arch";
/** `node-role.kubernetes.io/<role>` (any value): the node has that role (kubectl's ROLES column). */
export const NODE_ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
/** The older form: `kubernetes.io/role=<role>`. */
export const NODE_ROLE_LABEL = "kubernetes.io/role";

/** Where the server reaches the node's agent for logs, exec and port-forward: `host:port`. */
export const AGENT_ENDPOINT_ANNOTATION = "skiff.dev/agent-endpoint";

/**
 * `"true"` on a node that `skiff sim` simulates: a real node session whose pods run in the agent's
 * fake runtime, so it has no pod network (no node index, no pod subnet) and no logs or exec.
 */
export const SIMULATED_NODE_LABEL = "skiff.dev/simulated";

/**
 * The node's index, a decimal from 1: which block of the server's --cluster-cidr is its pod
 * subnet (spec.podCIDR, docs/networking.md). Given on its first registration and kept after;
 * deleting the Node frees it.
 */
export const NODE_INDEX_ANNOTATION = "skiff.dev/node-index";
export const NODE_INDEX_MIN = 1;
/** 2^24 blocks: the most a --cluster-cidr may be cut into. */
export const NODE_INDEX_MAX = 2 ** 24 - 1;

/** The index a Node holds, if it holds a valid one. */
export function nodeIndexOf(node: Pick<Node, "metadata"> | undefined): number | undefined {
  const raw = node?.metadata.annotations?.[NODE_INDEX_ANNOTATION];
  if (raw === undefined || !/^[1-9]\d*$/.test(raw)) return undefined;
  const i = Number(raw);
  return i >= NODE_INDEX_MIN && i <= NODE_INDEX_MAX ? i : undefined;
}

/** The node's roles, from both label forms, sorted. */
export function nodeRoleNames(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(NODE_ROLE_LABEL_PREFIX) && k.length > NODE_ROLE_LABEL_PREFIX.length) roles.add(k.slice(NODE_ROLE_LABEL_PREFIX.length));
    else if (k === NODE_ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort();
}
