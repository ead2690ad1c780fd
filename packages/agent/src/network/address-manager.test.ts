import { describe, expect, it } from "vitest";
import { AddressError, AddressManager, type IpCommand } from "./address-manager.js";

/** A fake `ip` holding one interface's addresses, answering as iproute2 does. */
function fakeIp(initial: string[]): { ip: IpCommand; calls: string[]; addrs: Set<string> } {
  const addrs = new Set(initial);
  const calls: string[] = [];
  const ip: IpCommand = async (args) => {
    calls.push(args.join(" "));
    if (args[0] === "-j") {
      const addr_info = [{ family: "inet", local: "10.244.6.1", prefixlen: 23 }, ...[...addrs].map((local) => ({ family: "inet", local, prefixlen: 32 }))];
      return JSON.stringify([{ ifname: "skb-x", addr_info }]);
    }
    const ipAddr = (args[2] ?? "").replace("/32", "");
    if (args[1] === "add") {
      if (addrs.has(ipAddr)) throw new AddressError("RTNETLINK answers: File exists");
      addrs.add(ipAddr);
    } else {
      if (!addrs.delete(ipAddr)) throw new AddressError("RTNETLINK answers: Cannot assign requested address");
    }
    return "";
  };
  return { ip, calls, addrs };
}

describe("AddressManager", () => {
  it("adds and removes the difference, with /32s on the bridge", async () => {
    const f = fakeIp(["10.244.7.10"]);
    const m = new AddressManager({ device: "skb-x", serviceRange: "10.244.7.0/24", ip: f.ip });
    expect(await m.sync(["10.244.7.11"])).toEqual({ add: ["10.244.7.11"], remove: ["10.244.7.10"] });
    expect(f.calls).toEqual(["-j addr show dev skb-x", "addr add 10.244.7.11/32 dev skb-x", "addr del 10.244.7.10/32 dev skb-x"]);
    expect([...f.addrs]).toEqual(["10.244.7.11"]);
  });

  it("is idempotent, and clear() leaves the gateway alone", async () => {
    const f = fakeIp([]);
    const m = new AddressManager({ device: "skb-x", serviceRange: "10.244.7.0/24", ip: f.ip });
    await m.sync(["10.244.7.11"]);
    expect(await m.sync(["10.244.7.11"])).toEqual({ add: [], remove: [] });
    await m.clear();
    expect((await m.list()).map((a) => a.local)).toEqual(["10.244.6.1"]);
  });

  it("manages the extra ranges too", async () => {
    const f = fakeIp(["10.244.7.10", "10.244.6.140"]);
    const m = new AddressManager({ device: "skb-x", serviceRange: "10.244.7.0/24", extraRanges: ["10.244.6.128/25"], ip: f.ip });
    expect(m.ranges).toEqual(["10.244.7.0/24", "10.244.6.128/25"]);
    expect(await m.sync(["10.244.7.10", "10.244.6.129"])).toEqual({ add: ["10.244.6.129"], remove: ["10.244.6.140"] });
    await m.clear();
    expect([...f.addrs]).toEqual([]);
  });

  it("reports other failures", async () => {
    const ip: IpCommand = async (args) => {
      if (args[0] === "-j") return "[]";
      throw new AddressError("RTNETLINK answers: Operation not permitted");
    };
    const m = new AddressManager({ device: "skb-x", serviceRange: "10.244.7.0/24", ip });
    await expect(m.sync(["10.244.7.1"])).rejects.toThrow(/Operation not permitted/);
  });
});
