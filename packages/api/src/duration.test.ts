import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["2s", 2000],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["1.5s", 1500],
    ["3", 3000],
  ])("%s = %i ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "2x", "s", "1s2", "-1s"])("refuses %j", (text) => {
    expect(() => parseDuration(text, "--heartbeat-period")).toThrow(/--heartbeat-period: .* is not a duration/);
  });
});
