import { describe, expect, it, vi } from "vitest";
import { checkCall } from "./auth.js";
import { checkSameNode, nodeOfCertificate } from "./node-identity.js";
import { hostOfPeer, RefusalLog } from "./refusals.js";
import type { TokenStore } from "./tokens.js";

const tokens = {
  verify: (text: string) => (text === "abcdef.0123456789abcdef" ? { record: {} } : text === "expire.0123456789abcdef" ? { refused: "expired token" } : { refused: "wrong token" }),
} as unknown as TokenStore;
const node = (cn: string) => ({ sslPeerCertificate: { subject: { CN: cn } as never } });
const call = (path: string, o: Partial<Parameters<typeof checkCall>[1]> = {}) =>
  checkCall(path, { plaintext: false, authorization: undefined, auth: {}, tokens, ...o })?.reason;

describe("who may call", () => {
  it("lets an API call with a valid bearer token through", () => {
    expect(call("/skiff.v1.Api/List", { authorization: "Bearer abcdef.0123456789abcdef" })).toBeUndefined();
  });

  it("refuses API calls without, with a wrong, or with an expired token", () => {
    expect(call("/skiff.v1.Api/List")).toBe("no API token");
    expect(call("/skiff.v1.Api/List", { authorization: "Bearer abcdef.nottheright1234" })).toBe("wrong token");
    expect(call("/skiff.v1.Api/List", { authorization: "Bearer expire.0123456789abcdef" })).toBe("expired token");
    expect(call("/skiff.v1.Api/List", { authorization: "Basic abc" })).toBe("malformed token");
  });

  it("refuses every call of a plaintext connection", () => {
    expect(call("/skiff.v1.Api/Health", { plaintext: true, authorization: "Bearer abcdef.0123456789abcdef" })).toBe("plaintext connection");
  });

  it("wants a node certificate on the node protocol, except to Join", () => {
    expect(call("/skiff.v1.NodeService/Join")).toBeUndefined();
    expect(call("/skiff.v1.NodeService/Assignments")).toBe("no node certificate");
    expect(call("/skiff.v1.NodeService/Assignments", { auth: node("skiff-server") })).toBe("no node certificate");
    expect(call("/skiff.v1.NodeService/Assignments", { auth: node("node:a") })).toBeUndefined();
  });
});

describe("node identity", () => {
  it("reads the node from the certificate's CN", () => {
    expect(nodeOfCertificate(node("node:worker-1"))).toBe("worker-1");
    expect(nodeOfCertificate(node("node:"))).toBeUndefined();
    expect(nodeOfCertificate(node("skiff-server"))).toBeUndefined();
    expect(nodeOfCertificate({})).toBeUndefined();
    expect(nodeOfCertificate(null)).toBeUndefined();
  });

  it("refuses a certificate acting for another node", () => {
    expect(() => checkSameNode("a", "a", "read the assignments")).not.toThrow();
    expect(() => checkSameNode("a", "b", "read the assignments")).toThrow(/node "a" may not read the assignments of node "b"/);
  });
});

describe("RefusalLog", () => {
  it("logs a refusal once per host and reason within the window", () => {
    const warn = vi.fn();
    let now = 0;
    const refusals = new RefusalLog({ warn } as never, () => now, 60_000);
    refusals.refused("127.0.0.1:1000", "wrong token");
    refusals.refused("127.0.0.1:1001", "wrong token");
    refusals.refused("127.0.0.1:1002", "expired token");
    refusals.refused("10.0.0.2:1000", "wrong token");
    expect(warn).toHaveBeenCalledTimes(3);
    now = 61_000;
    refusals.refused("127.0.0.1:1003", "wrong token");
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls[3]![0]).toMatchObject({ peer: "127.0.0.1:1003", alsoRefusedSinceLastLog: 1 });
  });

  it("groups a host's connections", () => {
    expect(hostOfPeer("127.0.0.1:5000")).toBe("127.0.0.1");
    expect(hostOfPeer("[::1]:5000")).toBe("::1");
  });
});
