import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const quota = (hard: Obj): Obj => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: "a" }, spec: { hard } });
const range = (...limits: Obj[]): Obj => ({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "l", namespace: "a" }, spec: { limits } });

function problems(raw: unknown): string[] {
  try {
    validateObject(raw);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("ResourceQuota and LimitRange validation", () => {
  it.each([
    ["a quota of pods, cpu and memory", quota({ pods: "4", "requests.cpu": "2", "limits.memory": "1Gi", cpu: 1, memory: "512Mi" })],
    ["object counts", quota({ "count/deployments.apps": "3", "count/pods": "10", services: "2", secrets: "5" })],
    ["a Container range with everything", range({ type: "Container", min: { cpu: "100m" }, defaultRequest: { cpu: "200m" }, default: { cpu: "500m" }, max: { cpu: "1" }, maxLimitRequestRatio: { cpu: "4" } })],
    ["a Pod range and a claim range", range({ type: "Pod", max: { memory: "1Gi" } }, { type: "PersistentVolumeClaim", min: { storage: "1Gi" } })],
  ])("accepts %s", (_, raw) => {
    expect(problems(raw)).toEqual([]);
  });

  it.each([
    ["a resource a quota cannot limit", quota({ gpus: "1" }), /^spec\.hard\.gpus: unsupported quota resource/],
    ["a negative quota", quota({ pods: "-1" }), /^spec\.hard\.pods: must not be negative/],
    ["an unknown limit type", range({ type: "Node" }), /^spec\.limits\[0\]\.type: /],
    ["defaults on a Pod item", range({ type: "Pod", default: { cpu: "1" } }), /^spec\.limits\[0\]\.default: may not be specified when `type` is not 'Container'$/],
    ["a min above the max", range({ type: "Container", min: { cpu: "2" }, max: { cpu: "1" } }), /^spec\.limits\[0\]\.min\.cpu: min value 2 is greater than max value 1$/],
    ["a default above the max", range({ type: "Container", default: { memory: "2Gi" }, max: { memory: "1Gi" } }), /^spec\.limits\[0\]\.default\.memory: default value 2Gi is greater than max value 1Gi$/],
    ["a ratio below 1", range({ type: "Container", maxLimitRequestRatio: { cpu: "0.5" } }), /^spec\.limits\[0\]\.maxLimitRequestRatio\.cpu: ratio 0.5 is less than 1$/],
  ])("refuses %s, with its path", (_, raw, message) => {
    expect(problems(raw)).toEqual([expect.stringMatching(message)]);
  });
});
