import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { controllerOf, controllerRef, isControlledBy, keyOf, ownerKeys, splitKey } from "./owners.js";

const rs: ApiObject = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-abc", namespace: "default", uid: "rs1" } };
const pod: ApiObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web-abc-x", namespace: "default", ownerReferences: [controllerRef(rs)] } };

describe("owners", () => {
  it("links an object to its controller", () => {
    expect(controllerOf(pod)?.uid).toBe("rs1");
    expect(isControlledBy(pod, rs)).toBe(true);
    expect(ownerKeys("ReplicaSet")(pod)).toEqual(["default/web-abc"]);
    expect(ownerKeys("Deployment")(pod)).toEqual([]);
  });

  it("keys round-trip", () => {
    expect(splitKey(keyOf(pod))).toEqual({ namespace: "default", name: "web-abc-x" });
    expect(splitKey("n1")).toEqual({ name: "n1" });
  });
});
