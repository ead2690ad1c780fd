import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { isMet, parseWaitFor } from "./wait-for.js";

const pod = { kind: "Pod", metadata: { name: "p" }, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } } as unknown as ApiObject;

describe("--for", () => {
  it.each([
    ["delete", undefined, true],
    ["delete", pod, false],
    ["condition=Ready", pod, true],
    ["condition=ready", pod, true],
    ["condition=Ready=false", pod, false],
    ["condition=Available", pod, false],
    ["condition=Ready", undefined, false],
    ["jsonpath={.status.phase}=Running", pod, true],
    ["jsonpath={.status.phase}=Pending", pod, false],
    ["jsonpath=.status.phase=Running", pod, true],
    ["jsonpath={.status.conditions[0].type}", pod, true],
    ["jsonpath={.status.podIP}", pod, false],
  ])("%s", (text, obj, met) => {
    expect(isMet(obj, parseWaitFor(text))).toBe(met);
  });

  it("refuses what it cannot read", () => {
    expect(() => parseWaitFor("ready")).toThrow('unrecognized condition: "ready"');
    expect(() => parseWaitFor("condition=")).toThrow("invalid condition");
    expect(() => parseWaitFor("jsonpath={.a")).toThrow("error parsing jsonpath");
  });
});
