import { describe, expect, it } from "vitest";
import { inCidr, networkFor, nodeNetwork, serviceAddress } from "./node-network.js";

describe("nodeNetwork", () => {
  it("gives node i the /23 at 10.244.(2i).0: pods and headless pods' addresses in its first /24, Services in its second", () => {
    expect(nodeNetwork(3)).toEqual({
      subnet: "10.244.6.0/23",
      ipRange: "10.244.6.0/25",
      gateway: "10.244.6.1",
      serviceRange: "10.244.7.0/24",
      headlessRange: "10.244.6.128/25",
      serviceCIDR: "10.96.0.0/24",
    });
    expect(nodeNetwork(0).subnet).toBe("10.244.0.0/23");
    expect(nodeNetwork(127).serviceRange).toBe("10.244.255.0/24");
  });

  it("refuses indexes that do not fit in 10.244.0.0/16", () => {
    expect(() => nodeNetwork(128)).toThrow(/outside 0..127/);
    expect(() => nodeNetwork(-1)).toThrow(RangeError);
    expect(() => nodeNetwork(1.5)).toThrow(RangeError);
  });

  it("keeps the service range inside the node subnet, so containers reach it on-link", () => {
    for (const i of [0, 1, 60, 127]) {
      const n = nodeNetwork(i);
      expect(inCidr(serviceAddress(i, "10.96.0.10")!, n.subnet)).toBe(true);
      expect(inCidr(serviceAddress(i, "10.96.0.10")!, n.ipRange)).toBe(false);
      const [headlessBase] = n.headlessRange.split("/");
      expect(inCidr(headlessBase!, n.subnet)).toBe(true);
      expect(inCidr(headlessBase!, n.ipRange)).toBe(false);
      expect(inCidr(headlessBase!, n.serviceRange)).toBe(false);
    }
  });
});

describe("networkFor", () => {
  it("cuts any node block the same way: pods and headless pods in its first half, the Service copy in its second", () => {
    expect(networkFor("10.240.6.0/23", "10.96.0.0/24")).toEqual({
      subnet: "10.240.6.0/23",
      ipRange: "10.240.6.0/25",
      gateway: "10.240.6.1",
      serviceRange: "10.240.7.0/24",
      headlessRange: "10.240.6.128/25",
      serviceCIDR: "10.96.0.0/24",
    });
    const small = networkFor("10.1.3.0/24", "10.100.0.0/25");
    expect(small).toMatchObject({ ipRange: "10.1.3.0/26", headlessRange: "10.1.3.64/26", serviceRange: "10.1.3.128/25", gateway: "10.1.3.1" });
    expect(serviceAddress(small, "10.100.0.5")).toBe("10.1.3.133");
    expect(serviceAddress(small, "10.100.0.127")).toBeUndefined(); // the range's broadcast
    expect(serviceAddress(small, "10.96.0.5")).toBeUndefined(); // another range
  });

  it("refuses ranges that do not fit", () => {
    expect(() => networkFor("10.1.3.0/24", "10.96.0.0/24")).toThrow(/does not fit in half of pod subnet 10.1.3.0\/24/);
    expect(() => networkFor("10.1.3.0/28", "10.96.0.0/30")).toThrow(/too small/);
    expect(() => networkFor("10.1.3.0", "10.96.0.0/24")).toThrow(/not an IPv4 CIDR/);
  });
});

describe("serviceAddress", () => {
  it("keeps the last octet of the clusterIP", () => {
    expect(serviceAddress(3, "10.96.0.10")).toBe("10.244.7.10");
    expect(serviceAddress(0, "10.96.0.254")).toBe("10.244.1.254");
  });

  it("has no address for headless, unallocated or foreign clusterIPs", () => {
    for (const ip of ["None", "", undefined, "10.96.1.10", "10.96.0.0", "10.96.0.255", "10.96.0.300", "x10.96.0.1"]) {
      expect(serviceAddress(3, ip)).toBeUndefined();
    }
  });
});

describe("inCidr", () => {
  it("matches by prefix", () => {
    expect(inCidr("10.244.7.10", "10.244.7.0/24")).toBe(true);
    expect(inCidr("10.244.6.10", "10.244.7.0/24")).toBe(false);
    expect(inCidr("1.2.3.4", "0.0.0.0/0")).toBe(true);
    expect(inCidr("10.244.7.10", "10.244.7.10/32")).toBe(true);
    expect(inCidr("nonsense", "10.0.0.0/8")).toBe(false);
  });
});
