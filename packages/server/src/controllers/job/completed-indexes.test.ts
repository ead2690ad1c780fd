import { describe, expect, it } from "vitest";
import { formatCompletedIndexes, parseCompletedIndexes } from "./completed-indexes.js";

describe("completedIndexes", () => {
  it.each([
    [[], ""],
    [[0], "0"],
    [[0, 1, 2, 5], "0-2,5"],
    [[7, 3, 4, 5, 1], "1,3-5,7"],
  ])("%j is written %s and read back", (indexes, text) => {
    expect(formatCompletedIndexes(indexes)).toBe(text);
    expect([...parseCompletedIndexes(text)].sort((a, b) => a - b)).toEqual([...indexes].sort((a, b) => a - b));
  });

  it("skips what it cannot read", () => {
    expect([...parseCompletedIndexes("1,x,3-2,4")]).toEqual([1, 4]);
  });
});
