import { describe, expect, it } from "vitest";
import type { Taint, Toleration } from "@skiff/api";
import { toleratesTaint } from "./tolerations.js";

const taint: Taint = { key: "k", value: "v", effect: "NoSchedule" };

describe("toleratesTaint (Kubernetes' rules)", () => {
  const cases: [string, Toleration, boolean][] = [
    ["Equal, same key and value", { key: "k", operator: "Equal", value: "v" }, true],
    ["operator defaults to Equal", { key: "k", value: "v" }, true],
    ["Equal, other value", { key: "k", value: "w" }, false],
    ["Equal, no value vs a value", { key: "k" }, false],
    ["Exists ignores the value", { key: "k", operator: "Exists" }, true],
    ["other key", { key: "x", operator: "Exists" }, false],
    ["empty key with Exists tolerates everything", { operator: "Exists" }, true],
    ["same effect", { key: "k", operator: "Exists", effect: "NoSchedule" }, true],
    ["other effect", { key: "k", operator: "Exists", effect: "NoExecute" }, false],
    ["empty key with Equal tolerates nothing", { value: "v" }, false],
  ];
  it.each(cases)("%s -> %s", (_name, toleration, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});
