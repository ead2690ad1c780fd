import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { DEFAULT_PLUGINS } from "./chain.js";
import { admissionSteps, stepNames } from "./steps.js";

const pod: ApiObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "team-a" }, spec: { containers: [] } };
const claim: ApiObject = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "team-a" }, spec: {} };
const configMap: ApiObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-a" } };
const names = (object: ApiObject, operation: "CREATE" | "UPDATE", subresource: string, webhooks: boolean) => stepNames(admissionSteps(DEFAULT_PLUGINS, { object, operation, subresource }, webhooks));

describe("the admission chain's order", () => {
  it("runs a new pod through Kubernetes' order: mutating plugins, mutating webhooks, validation, validating plugins, validating webhooks", () => {
    expect(names(pod, "CREATE", "", true)).toEqual([
      "mutate ServiceAccount",
      "mutate LimitRanger",
      "mutating webhooks",
      "validation",
      "validate LimitRanger",
      "validating webhooks",
    ]);
  });

  it("holds a pod's update to ServiceAccount only (LimitRanger judges new pods), and its status to the webhooks", () => {
    expect(names(pod, "UPDATE", "", true)).toEqual(["mutate ServiceAccount", "mutating webhooks", "validation", "validating webhooks"]);
    expect(names(pod, "UPDATE", "status", true)).toEqual(["mutating webhooks", "validation", "validating webhooks"]);
  });

  it("sends a claim to LimitRanger's bounds, and a ConfigMap nowhere when no webhook concerns it", () => {
    expect(names(claim, "CREATE", "", false)).toEqual(["mutate LimitRanger", "validate LimitRanger"]);
    expect(names(configMap, "CREATE", "", false)).toEqual([]);
    expect(names(configMap, "UPDATE", "", true)).toEqual(["mutating webhooks", "validation", "validating webhooks"]);
  });
});
