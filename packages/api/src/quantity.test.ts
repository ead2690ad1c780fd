import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { formatCpu, formatMemory, parseCpu, parseMemory, parseQuantity } from "./quantity.js";

describe("parseQuantity", () => {
  it.each<[string | number, number]>([
    ["500m", 0.5],
    [".5", 0.5],
    ["0.1", 0.1],
    ["1", 1],
    ["5.", 5],
    ["+2", 2],
    ["-1", -1],
    ["128Mi", 134217728],
    ["1Ki", 1024],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1G", 1e9],
    ["1k", 1000],
    ["2e3", 2000],
    ["1E3", 1000],
    ["1e-3", 0.001],
    ["1E", 1e18],
    ["3Ti", 3 * 2 ** 40],
    [2, 2],
    [0.25, 0.25],
    ["0", 0],
  ])("%s is %s", (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  it.each(["abc", "12x", "1.2.3", "", ".", "1K", "1 Mi", "Mi", "1e", "--1", "1mi", " 1"])("rejects %j", (q) => {
    expect(() => parseQuantity(q)).toThrow(ValidationError);
  });

  it("says what a quantity looks like", () => {
    expect(() => parseQuantity("12x")).toThrow('"12x" is not a valid quantity (examples: 500m, 0.5, 128Mi, 1G)');
  });

  it.each([NaN, Infinity, "1e999", "9".repeat(200)])("rejects %s as out of range or too long", (q) => {
    expect(() => parseQuantity(q)).toThrow(ValidationError);
  });
});

describe("parseCpu (millicores, rounded up)", () => {
  it.each<[string | number, number]>([
    ["500m", 500],
    ["0.5", 500],
    ["1", 1000],
    [2, 2000],
    ["1.1", 1100],
    ["0.0001", 1],
    ["1.0001", 1001],
    ["250m", 250],
  ])("%s is %sm", (q, milli) => {
    expect(parseCpu(q)).toBe(milli);
  });

  it("rejects negative CPU", () => {
    expect(() => parseCpu("-1")).toThrow("must not be negative");
  });
});

describe("parseMemory (bytes, rounded up)", () => {
  it.each<[string | number, number]>([
    ["128Mi", 134217728],
    ["1Gi", 2 ** 30],
    ["1G", 1e9],
    ["1.5Gi", 1610612736],
    ["0.5", 1],
    ["500m", 1],
    ["1e3", 1000],
    [1024, 1024],
  ])("%s is %s bytes", (q, bytes) => {
    expect(parseMemory(q)).toBe(bytes);
  });
});

describe("formatting", () => {
  it.each([
    [500, "500m"],
    [2000, "2"],
    [1500, "1500m"],
    [0, "0"],
  ])("cpu %s → %s", (milli, text) => {
    expect(formatCpu(milli)).toBe(text);
  });

  it.each([
    [134217728, "128Mi"],
    [2 ** 30, "1Gi"],
    [1536, "1536"],
    [3 * 2 ** 30 / 2, "1536Mi"],
    [1000, "1000"],
    [0, "0"],
  ])("memory %s → %s", (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
  });

  it("round-trips", () => {
    for (const m of [1, 250, 1000, 1500, 64000]) expect(parseCpu(formatCpu(m))).toBe(m);
    for (const b of [1, 1024, 1536, 2 ** 20, 5 * 2 ** 30]) expect(parseMemory(formatMemory(b))).toBe(b);
  });
});
