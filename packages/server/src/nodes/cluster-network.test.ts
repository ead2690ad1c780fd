import { describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { DEFAULT_CLUSTER_NETWORK, clusterNetwork, indexOfPodCIDR, podCIDRFor } from "./cluster-network.js";

const refusal = (flags: Parameters<typeof clusterNetwork>[0]): string => {
  try {
    clusterNetwork(flags);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`).join("\n");
    throw err;
  }
  return "accepted";
};

describe("clusterNetwork", () => {
  it("has defaults for more than 1,000 nodes", () => {
    const net = clusterNetwork();
    expect(net).toMatchObject({ clusterCIDR: DEFAULT_CLUSTER_NETWORK.clusterCIDR, nodeMaskSize: 23, serviceCIDR: "10.96.0.0/24" });
    expect(net.maxIndex).toBeGreaterThanOrEqual(1000);
    expect(podCIDRFor(net, 1)).toBe("10.240.2.0/23");
  });

  it("takes Kubernetes' flags", () => {
    const net = clusterNetwork({ clusterCIDR: "10.244.0.0/16", nodeCIDRMaskSize: 24, serviceClusterIPRange: "10.96.0.0/25" });
    expect(net.maxIndex).toBe(255);
    expect(podCIDRFor(net, 7)).toBe("10.244.7.0/24");
    expect(indexOfPodCIDR(net, "10.244.7.0/24")).toBe(7);
    expect([undefined, "10.244.0.0/24", "10.244.7.0/23", "10.245.0.0/24", "10.244.7.128/24"].map((c) => indexOfPodCIDR(net, c))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it.each([
    [{ clusterCIDR: "10.244.0.0" }, /^--cluster-cidr: "10.244.0.0" is not an IPv4 CIDR like 10.244.0.0\/16$/],
    [{ clusterCIDR: "10.244.1.0/16" }, /^--cluster-cidr: "10.244.1.0\/16" has host bits set: the range it names is 10.244.0.0\/16$/],
    [{ clusterCIDR: "300.0.0.0/8" }, /not an IPv4 CIDR/],
    [{ serviceClusterIPRange: "fd00::/108" }, /^--service-cluster-ip-range: .* is not an IPv4 CIDR/],
    [{ nodeCIDRMaskSize: 30 }, /^--node-cidr-mask-size: 30 must be a whole number from 1 to 27/],
    [{ clusterCIDR: "10.244.0.0/24", nodeCIDRMaskSize: 24 }, /^--node-cidr-mask-size: \/24 is not smaller than --cluster-cidr 10.244.0.0\/24/],
    [{ serviceClusterIPRange: "10.96.0.0/16" }, /^--service-cluster-ip-range: 10.96.0.0\/16 \(65536 addresses\) does not fit in half a node block \(\/24, 256 addresses\)/],
    [{ clusterCIDR: "10.0.0.0/8", serviceClusterIPRange: "10.96.0.0/24" }, /^--service-cluster-ip-range: 10.96.0.0\/24 overlaps --cluster-cidr 10.0.0.0\/8$/],
  ])("refuses %j", (flags, message) => {
    expect(refusal(flags)).toMatch(message);
  });
});
