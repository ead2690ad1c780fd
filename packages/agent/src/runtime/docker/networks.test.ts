import { describe, expect, it } from "vitest";
import { fromNetworkInspect, networkCreateOptions } from "./networks.js";

describe("networkCreateOptions", () => {
  it("asks for a bridge on the node subnet, with a readable bridge name", () => {
    const o = networkCreateOptions("skiff-n1", { subnet: "10.244.6.0/23", ipRange: "10.244.6.0/24", gateway: "10.244.6.1", labels: { a: "b" } });
    expect(o).toMatchObject({
      Name: "skiff-n1",
      Driver: "bridge",
      IPAM: { Config: [{ Subnet: "10.244.6.0/23", IPRange: "10.244.6.0/24", Gateway: "10.244.6.1" }] },
      Labels: { a: "b" },
    });
    const bridge = o.Options?.["com.docker.network.bridge.name"] ?? "";
    expect(bridge).toMatch(/^skb-[0-9a-f]{11}$/);
    expect(bridge.length).toBeLessThanOrEqual(15);
  });
});

describe("fromNetworkInspect", () => {
  it("reads the bridge name option, or Docker's default br-<id>", () => {
    const base = { Id: "0123456789abcdef0123", Name: "n", IPAM: { Config: [{ Subnet: "10.244.6.0/23", Gateway: "10.244.6.1" }] } };
    expect(fromNetworkInspect({ ...base, Options: { "com.docker.network.bridge.name": "skb-x" } })).toEqual({
      id: base.Id,
      name: "n",
      subnet: "10.244.6.0/23",
      gateway: "10.244.6.1",
      bridgeInterface: "skb-x",
      labels: {},
    });
    expect(fromNetworkInspect({ ...base, Options: null }).bridgeInterface).toBe("br-0123456789ab");
  });
});
