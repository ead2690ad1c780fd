import { describe, expect, it } from "vitest";
import { verbIn } from "./command-line.js";
import { suggestVerbs, unknownCommandMessage } from "./unknown-command.js";

describe("verbIn", () => {
  it.each([
    [["get", "pods"], "get"],
    [["-n", "kube", "get", "pods"], "get"],
    [["--server", "h:1", "version"], "version"],
    [["--namespace=kube", "describe"], "describe"],
    [["--help"], undefined],
    [["--", "get"], undefined],
  ])("%j -> %s", (argv, verb) => {
    expect(verbIn(argv)).toBe(verb);
  });
});

describe("unknown commands", () => {
  const verbs = ["get", "set", "describe", "delete", "drain", "logs"];
  it.each([
    ["gte", ["get"]],
    ["describ", ["describe"]],
    ["de", ["describe", "delete"]],
    ["frobnicate", []],
  ])("%s -> %j", (typed, expected) => {
    expect(suggestVerbs(typed, verbs)).toEqual(expected);
  });

  it("says so in cobra's words", () => {
    expect(unknownCommandMessage("lgos", verbs)).toBe('unknown command "lgos" for "skiff"\n\nDid you mean this?\n\tlogs\n');
    expect(unknownCommandMessage("zzz", verbs)).toBe('unknown command "zzz" for "skiff"');
  });
});
