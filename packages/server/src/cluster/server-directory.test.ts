import { describe, expect, it } from "vitest";
import { ServerDirectory, serverList } from "./server-directory.js";
import { clusterStateRoot } from "./etcd-cluster-state.js";

describe("serverList", () => {
  it("puts this server first, then the others sorted, once each", () => {
    expect(serverList("b:7443", ["c:7443", "a:7443", "b:7443", "a:7443"])).toEqual(["b:7443", "a:7443", "c:7443"]);
  });

  it("before this server listens, lists the others", () => {
    expect(serverList(undefined, ["b", "a"])).toEqual(["a", "b"]);
  });
});

describe("ServerDirectory without etcd (one server)", () => {
  it("lists this server alone, and runs nothing", () => {
    const d = new ServerDirectory();
    d.advertise("10.0.0.1:7443");
    expect(d.addresses()).toEqual(["10.0.0.1:7443"]);
  });
});

describe("clusterStateRoot", () => {
  it.each([
    ["/skiff", "/skiff.cluster/"],
    ["/skiff/", "/skiff.cluster/"],
    ["prod", "/prod.cluster/"],
    ["", ".cluster/"],
  ])("for the prefix %j is %j", (prefix, root) => {
    expect(clusterStateRoot(prefix)).toBe(root);
  });

  it("sorts outside the objects' range <prefix>/ .. <prefix>0, so no list or watch of objects reads it", () => {
    const root = clusterStateRoot("/skiff");
    expect(root < "/skiff/" || root >= "/skiff0").toBe(true);
  });
});
