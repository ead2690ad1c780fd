import { describe, expect, it } from "vitest";
import { age, humanDuration } from "./age.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("humanDuration (kubectl's AGE)", () => {
  it.each([
    [0, "0s"],
    [-500, "0s"],
    [-5 * s, "<invalid>"],
    [5 * s, "5s"],
    [119 * s, "119s"],
    [2 * m, "2m"],
    [3 * m + 2 * s, "3m2s"],
    [10 * m + 30 * s, "10m"],
    [179 * m, "179m"],
    [3 * h, "3h"],
    [4 * h + 30 * m, "4h30m"],
    [4 * h, "4h"],
    [8 * h + 5 * m, "8h"],
    [47 * h, "47h"],
    [2 * d, "2d"],
    [2 * d + 5 * h, "2d5h"],
    [8 * d + 5 * h, "8d"],
    [400 * d, "400d"],
    [2 * 365 * d, "2y"],
    [3 * 365 * d + 12 * d, "3y12d"],
    [9 * 365 * d, "9y"],
  ])("%i ms -> %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it("measures from a timestamp", () => {
    const now = Date.parse("2024-01-01T00:01:00Z");
    expect(age("2024-01-01T00:00:55Z", now)).toBe("5s");
    expect(age(undefined, now)).toBe("<unknown>");
    expect(age("not a time", now)).toBe("<unknown>");
  });
});
