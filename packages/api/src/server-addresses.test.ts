import { describe, expect, it } from "vitest";
import { failoverOrder, mergeServerLists, serverAddresses } from "./server-addresses.js";

describe("serverAddresses", () => {
  it("reads one address as a list of one", () => {
    expect(serverAddresses("127.0.0.1:7443")).toEqual(["127.0.0.1:7443"]);
  });

  it("reads a comma list in order, without blanks or repeats", () => {
    expect(serverAddresses(" a:7443, b:7443,,c:7443,a:7443 ")).toEqual(["a:7443", "b:7443", "c:7443"]);
  });
});

describe("failoverOrder", () => {
  const list = ["a", "b", "c"];
  it.each([
    ["a", ["b", "c", "a"]],
    ["b", ["c", "a", "b"]],
    ["c", ["a", "b", "c"]],
  ])("after %s failed, tries the next ones (wrapping) and it last", (current, order) => {
    expect(failoverOrder(list, current)).toEqual(order);
  });

  it("puts a server that is not in the list last", () => {
    expect(failoverOrder(list, "z")).toEqual(["a", "b", "c", "z"]);
  });

  it("with one server, tries it again", () => {
    expect(failoverOrder(["a"], "a")).toEqual(["a"]);
  });
});

describe("mergeServerLists", () => {
  it("keeps the given servers first, then those learned, once each", () => {
    expect(mergeServerLists(["a", "b"], ["b", "c", ""])).toEqual(["a", "b", "c"]);
  });

  it("keeps a given server the reply left out (it may come back first)", () => {
    expect(mergeServerLists(["a", "b"], ["c"])).toEqual(["a", "b", "c"]);
  });
});
