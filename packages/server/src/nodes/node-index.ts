// A node's index and pod subnet (docs/networking.md). Pure. The dispatcher gives a node the lowest
// free index when it first registers and keeps it after; the index fixes the node's subnet:
//
//   index i (1..127)  ->  spec.podCIDR 10.244.(2i).0/23
//                         pod IPs in 10.244.(2i).0/24, node-local Service addresses in 10.244.(2i+1).0/24
//
// Which indexes are taken is read from the Nodes themselves, so deleting a Node frees its index.
import { NODE_INDEX_ANNOTATION, NODE_INDEX_MAX, NODE_INDEX_MIN, ValidationError, nodeIndexOf, type Node } from "@skiff/api";

// The annotation, its range and its parser are @skiff/api's (well-known/nodes.ts).
export { NODE_INDEX_ANNOTATION, NODE_INDEX_MAX, NODE_INDEX_MIN, nodeIndexOf } from "@skiff/api";

export function podCIDRFor(index: number): string {
  return `10.244.${2 * index}.0/23`;
}

/** The lowest index no other Node holds. Throws when all 127 are taken. */
export function lowestFreeNodeIndex(nodes: readonly Node[], self: string): number {
  const taken = new Set(nodes.filter((n) => n.metadata.name !== self).map(nodeIndexOf));
  for (let i = NODE_INDEX_MIN; i <= NODE_INDEX_MAX; i++) if (!taken.has(i)) return i;
  throw new ValidationError([{ path: "nodeName", message: `no free node index: every one of ${NODE_INDEX_MIN}-${NODE_INDEX_MAX} is taken (a skiff cluster has at most ${NODE_INDEX_MAX} nodes)` }]);
}

/** `node` holding `index`: the annotation and the matching spec.podCIDR. */
export function withNodeIndex(node: Node, index: number): Node {
  return {
    ...node,
    metadata: { ...node.metadata, annotations: { ...node.metadata.annotations, [NODE_INDEX_ANNOTATION]: String(index) } },
    // podCIDR is not in @skiff/api's NodeSpec type yet; it is Kubernetes' field of that name.
    spec: { ...node.spec, podCIDR: podCIDRFor(index) } as Node["spec"],
  };
}
