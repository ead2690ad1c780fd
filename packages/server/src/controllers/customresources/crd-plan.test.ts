import { describe, expect, it } from "vitest";
import type { CustomResourceDefinition } from "@skiff/api";
import { objectsOfCrd, planCrdStatus } from "./crd-plan.js";

const now = new Date("2026-12-07T10:00:00Z");
const crd = (extra: Partial<CustomResourceDefinition> = {}): CustomResourceDefinition => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "websites.example.com" },
  spec: { group: "example.com", names: { plural: "websites", kind: "Website" }, scope: "Namespaced", versions: [{ name: "v1", served: true, storage: true }] },
  ...extra,
});
const summary = (c: CustomResourceDefinition["status"]) => c?.conditions?.map((x) => `${x.type}=${x.status}`);

describe("a CRD's status", () => {
  it.each([
    ["accepted names: established", crd(), { accepted: true }, ["NamesAccepted=True", "Established=True"]],
    ["a name clash: not established, with the reason", crd(), { accepted: false, message: '"pod" is already in use' }, ["NamesAccepted=False", "Established=False"]],
    ["being deleted: terminating", crd({ metadata: { name: "websites.example.com", deletionTimestamp: "2026-12-07T09:00:00Z" } }), { accepted: true }, ["NamesAccepted=True", "Established=True", "Terminating=True"]],
  ])("%s", (_what, input, verdict, conditions) => {
    const status = planCrdStatus(input, verdict, now);
    expect(summary(status)).toEqual(conditions);
    expect(status.storedVersions).toEqual(["v1"]);
    expect(status.acceptedNames?.kind).toBe(verdict.accepted ? "Website" : "");
  });

  it("keeps a condition's transition time while its status holds, and keeps old stored versions", () => {
    const before = planCrdStatus(crd(), { accepted: true }, new Date("2026-01-01T00:00:00Z"));
    const again = planCrdStatus(crd({ status: { ...before, storedVersions: ["v1beta1", "v1"] } }), { accepted: true }, now);
    expect(again.conditions?.[0]?.lastTransitionTime).toBe("2026-01-01T00:00:00Z");
    expect(again.storedVersions).toEqual(["v1beta1", "v1"]);
    const lost = planCrdStatus(crd({ status: before }), { accepted: false }, now);
    expect(lost.conditions?.[0]?.lastTransitionTime).toBe("2026-12-07T10:00:00Z");
  });
});

describe("the objects a deleted CRD takes with it", () => {
  it("are those of its kind in its group only", () => {
    const objs = [{ apiVersion: "example.com/v1" }, { apiVersion: "other.example/v1" }, { apiVersion: "example.com/v1beta1" }];
    expect(objectsOfCrd(crd(), objs)).toEqual([{ apiVersion: "example.com/v1" }, { apiVersion: "example.com/v1beta1" }]);
  });
});
