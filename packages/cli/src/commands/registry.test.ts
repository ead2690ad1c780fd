// The registry stands in for each command module in `skiff --help` and chooses which to load:
// it must say what the module says.
import { describe, expect, it } from "vitest";
import { COMMANDS, findCommand, verbOf } from "./registry.js";

describe("the command registry", () => {
  it.each(COMMANDS.map((c) => [verbOf(c), c] as const))("%s: the module's own command and description", async (_verb, entry) => {
    const module = await entry.load();
    expect({ command: module.command, describe: module.describe }).toEqual({ command: entry.command, describe: entry.describe });
  });

  it("finds a command by its verb only", () => {
    expect(findCommand("get")?.command).toBe("get <kind> [names..]");
    expect(findCommand("<kind>")).toBeUndefined();
  });
});
