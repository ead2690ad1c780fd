import type { EndpointAddress, Endpoints, Service } from "@skiff/api";
import { describe, expect, it } from "vitest";
import { inCidr, nodeNetwork } from "./node-network.js";
import { assignPodAddresses, headlessPods, podAddressKey } from "./pod-addresses.js";

const RANGE = nodeNetwork(3).headlessRange; // 10.244.6.128/25
const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `default/web/uid-${from + i}`);

describe("assignPodAddresses", () => {
  it("gives every key a distinct address in .129-.254 of the headless range", () => {
    const { addresses, refused } = assignPodAddresses(keys(50), { range: RANGE });
    expect(refused).toEqual([]);
    expect(addresses.size).toBe(50);
    expect(new Set(addresses.values()).size).toBe(50);
    for (const ip of addresses.values()) {
      expect(inCidr(ip, RANGE)).toBe(true);
      expect(ip).not.toBe("10.244.6.128");
      expect(ip).not.toBe("10.244.6.255");
    }
  });

  it("is deterministic: the same keys get the same addresses from scratch, whatever their order", () => {
    const a = assignPodAddresses(keys(20), { range: RANGE }).addresses;
    const b = assignPodAddresses(keys(20).reverse(), { range: RANGE }).addresses;
    expect([...b].sort()).toEqual([...a].sort());
  });

  it("keeps every address while other keys come and go", () => {
    let previous = assignPodAddresses(keys(30), { range: RANGE }).addresses;
    const kept = new Map([...previous].filter(([k]) => k.endsWith("-3") || k.endsWith("-17") || k.endsWith("-29")));
    for (let round = 0; round < 20; round++) {
      // Remove some, add some (many of the new ones hash onto taken slots and must probe on).
      const survivors = [...previous.keys()].filter((k, i) => kept.has(k) || (i + round) % 3 !== 0);
      const next = assignPodAddresses([...survivors, ...keys(10, 100 + round * 10)], { range: RANGE, previous });
      expect(next.refused).toEqual([]);
      for (const k of survivors) expect(next.addresses.get(k)).toBe(previous.get(k));
      expect(new Set(next.addresses.values()).size).toBe(next.addresses.size);
      previous = next.addresses;
    }
    for (const [k, ip] of kept) expect(previous.get(k)).toBe(ip);
  });

  it("drops keys no longer wanted, so their addresses can be given again", () => {
    const first = assignPodAddresses(keys(3), { range: RANGE });
    const next = assignPodAddresses(keys(1), { range: RANGE, previous: first.addresses });
    expect([...next.addresses.keys()]).toEqual(["default/web/uid-0"]);
  });

  it("never gives an excluded address (a pod holds it), and moves a key off one", () => {
    const first = assignPodAddresses(keys(5), { range: RANGE });
    const [victimKey, victimIp] = [...first.addresses][2]!;
    const next = assignPodAddresses(keys(5), { range: RANGE, previous: first.addresses, exclude: [victimIp, "10.244.6.7"] });
    expect(next.addresses.get(victimKey)).not.toBe(victimIp);
    expect([...next.addresses.values()]).not.toContain(victimIp);
    for (const [k, ip] of first.addresses) if (k !== victimKey) expect(next.addresses.get(k)).toBe(ip);
  });

  it("refuses the keys beyond the 126 slots, and keeps those it had", () => {
    const first = assignPodAddresses(keys(126), { range: RANGE });
    expect(first.refused).toEqual([]);
    expect(new Set(first.addresses.values()).size).toBe(126);
    const more = assignPodAddresses([...keys(126), ...keys(3, 500)], { range: RANGE, previous: first.addresses });
    expect(more.refused).toEqual(keys(3, 500));
    for (const [k, ip] of first.addresses) expect(more.addresses.get(k)).toBe(ip);
    // Excluded addresses count as used.
    expect(assignPodAddresses(keys(126), { range: RANGE, exclude: ["10.244.6.200"] }).refused).toHaveLength(1);
  });

  it("refuses a range that has no hosts", () => {
    expect(() => assignPodAddresses(keys(1), { range: "10.244.6.128/32" })).toThrow(/bad headless range/);
    expect(() => assignPodAddresses(keys(1), { range: "nonsense" })).toThrow(RangeError);
  });
});

const pod = (name: string, ip: string, hostname?: string): EndpointAddress => ({
  ip,
  ...(hostname ? { hostname } : {}),
  targetRef: { kind: "Pod", name, namespace: "default", uid: `uid-${name}` },
});

describe("headlessPods", () => {
  const svc = (name: string, clusterIP: string): Service => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { clusterIP, ports: [{ port: 80 }] } });
  const eps = (name: string, subsets: Endpoints["subsets"]): Endpoints => ({ apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace: "default" }, subsets });

  it("lists the ready pods of headless Services only, not hand-written addresses", () => {
    const services = [svc("web", "None"), svc("api", "10.96.0.10"), svc("ext", "None")];
    const endpoints = [
      eps("web", [{ addresses: [pod("web-0", "10.244.6.5", "web-0"), pod("web-1", "10.244.8.5", "web-1")], notReadyAddresses: [pod("web-2", "10.244.6.6", "web-2")] }]),
      eps("api", [{ addresses: [pod("api-x", "10.244.6.7")] }]),
      eps("ext", [{ addresses: [{ ip: "192.168.1.5" }] }]),
    ];
    expect(headlessPods(services, endpoints)).toEqual([
      { key: "default/web/uid-web-0", namespace: "default", service: "web", pod: "web-0", hostname: "web-0", ip: "10.244.6.5" },
      { key: "default/web/uid-web-1", namespace: "default", service: "web", pod: "web-1", hostname: "web-1", ip: "10.244.8.5" },
    ]);
  });

  it("keys an address by Service and pod", () => {
    expect(podAddressKey("default", "web", pod("web-0", "10.244.6.5"))).toBe("default/web/uid-web-0");
    expect(podAddressKey("default", "web", { ip: "10.244.6.5" })).toBeUndefined();
    expect(podAddressKey("default", "web", { ip: "10.244.6.5", targetRef: { kind: "Node", name: "n1" } })).toBeUndefined();
  });
});
