// A node's index and pod subnet (docs/networking.md). Pure. A node keeps the subnet it holds
// (spec.podCIDR) while that is a block of the cluster's plan (cluster-network.ts), as Kubernetes'
// range allocator does; otherwise, on its first registration or after the plan changed, it gets
// the lowest free block. Its index is the block's number, also kept as an annotation.
//
// Which blocks are taken is read from the Nodes themselves, so deleting a Node frees its subnet.
import { NODE_INDEX_ANNOTATION, ValidationError, type Node } from "@skiff/api";
import { indexOfPodCIDR, podCIDRFor, type ClusterNetwork } from "./cluster-network.js";

// The annotation, its range and its parser are @skiff/api's (well-known/nodes.ts).
export { NODE_INDEX_ANNOTATION, nodeIndexOf } from "@skiff/api";

/** The index of the block `node` holds in this plan, if it holds one. */
export function heldNodeIndex(net: ClusterNetwork, node: Node | undefined): number | undefined {
  return indexOfPodCIDR(net, (node?.spec as { podCIDR?: string } | undefined)?.podCIDR);
}

/** The lowest index no other Node holds. Throws, naming the flags, when every block is taken. */
export function lowestFreeNodeIndex(net: ClusterNetwork, nodes: readonly Node[], self: string): number {
  const taken = new Set(nodes.filter((n) => n.metadata.name !== self).map((n) => heldNodeIndex(net, n)));
  for (let i = 1; i <= net.maxIndex; i++) if (!taken.has(i)) return i;
  throw new ValidationError([
    {
      path: "nodeName",
      message: `no free pod subnet for node "${self}": all ${net.maxIndex} /${net.nodeMaskSize} blocks of --cluster-cidr ${net.clusterCIDR} are taken (start the server with a larger --cluster-cidr or --node-cidr-mask-size, or delete a Node)`,
    },
  ]);
}

/** `node` holding `index`: the annotation and the matching spec.podCIDR (and podCIDRs, as Kubernetes fills both). */
export function withNodeIndex(net: ClusterNetwork, node: Node, index: number): Node {
  const podCIDR = podCIDRFor(net, index);
  return {
    ...node,
    metadata: { ...node.metadata, annotations: { ...node.metadata.annotations, [NODE_INDEX_ANNOTATION]: String(index) } },
    spec: { ...node.spec, podCIDR, podCIDRs: [podCIDR] } as Node["spec"],
  };
}
