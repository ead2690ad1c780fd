import { describe, expect, it } from "vitest";
import { addressPlan, parseIpAddrJson, type InterfaceAddress } from "./address-plan.js";

const RANGE = "10.244.7.0/24";
const gateway: InterfaceAddress = { family: "inet", local: "10.244.6.1", prefixlen: 23 };
const linkLocal: InterfaceAddress = { family: "inet6", local: "fe80::1", prefixlen: 64 };
const svc = (ip: string): InterfaceAddress => ({ family: "inet", local: ip, prefixlen: 32 });

describe("addressPlan", () => {
  it("adds the missing addresses and removes stale ones of the service range", () => {
    const current = [gateway, linkLocal, svc("10.244.7.10"), svc("10.244.7.11")];
    expect(addressPlan(current, ["10.244.7.11", "10.244.7.12"], RANGE)).toEqual({ add: ["10.244.7.12"], remove: ["10.244.7.10"] });
  });

  it("does nothing when converged", () => {
    expect(addressPlan([gateway, svc("10.244.7.10")], ["10.244.7.10"], RANGE)).toEqual({ add: [], remove: [] });
  });

  it("never touches the gateway, other ranges or non-/32 addresses", () => {
    const current = [gateway, svc("10.244.9.3"), { family: "inet" as const, local: "10.244.7.50", prefixlen: 24 }];
    expect(addressPlan(current, [], RANGE)).toEqual({ add: [], remove: [] });
  });

  it("manages several ranges: the service range and the headless pods' range", () => {
    const ranges = [RANGE, "10.244.6.128/25"];
    const podIP: InterfaceAddress = svc("10.244.6.20"); // below the headless range: never ours
    const current = [gateway, podIP, svc("10.244.7.10"), svc("10.244.6.130"), svc("10.244.6.200")];
    expect(addressPlan(current, ["10.244.7.10", "10.244.6.200", "10.244.6.129", "10.244.6.21"], ranges)).toEqual({
      add: ["10.244.6.129"],
      remove: ["10.244.6.130"],
    });
  });

  it("ignores wanted addresses outside the range", () => {
    expect(addressPlan([], ["10.244.9.3", "10.244.7.3"], RANGE)).toEqual({ add: ["10.244.7.3"], remove: [] });
  });
});

describe("parseIpAddrJson", () => {
  it("reads iproute2's JSON", () => {
    const json = JSON.stringify([
      {
        ifname: "skb-1",
        addr_info: [
          { family: "inet", local: "10.244.6.1", prefixlen: 23, scope: "global" },
          { family: "inet", local: "10.244.7.10", prefixlen: 32 },
          { family: "inet6", local: "fe80::1", prefixlen: 64 },
        ],
      },
    ]);
    expect(parseIpAddrJson(json)).toEqual([gateway, svc("10.244.7.10"), linkLocal]);
    expect(parseIpAddrJson("")).toEqual([]);
  });
});
