import { describe, expect, it } from "vitest";
import { ValidationError, type LimitRange, type LimitRangeItem, type PersistentVolumeClaim, type Pod } from "@skiff/api";
import { LIMIT_RANGER_ANNOTATION, applyDefaults, checkRequestsWithinLimits, claimViolations, effectiveItem, podViolations, refuse } from "./limit-ranger.js";
import { limitRange, pod } from "./test-fixtures.js";

const container = (p: Pod, i = 0) => p.spec.containers[i]?.resources;

describe("LimitRanger defaults", () => {
  const ranges = [limitRange({ type: "Container", default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "250m", memory: "128Mi" } })];

  it.each<[string, Pod, { requests?: Record<string, string>; limits?: Record<string, string> } | undefined]>([
    ["a container that sets none gets both", pod("a"), { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "250m", memory: "128Mi" } }],
    ["what a container sets is kept", pod("b", [{ requests: { cpu: "100m" }, limits: { cpu: "200m" } }]), { limits: { cpu: "200m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } }],
    ["a limit without a request becomes the request too", pod("c", [{ limits: { memory: "64Mi" } }]), { limits: { cpu: "500m", memory: "64Mi" }, requests: { cpu: "250m", memory: "64Mi" } }],
  ])("%s", (_, p, expected) => {
    expect(container(applyDefaults(p, ranges))).toEqual(expected);
  });

  it("says what it set in the kubernetes.io/limit-ranger annotation", () => {
    expect(applyDefaults(pod("a"), ranges).metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app");
  });

  it("returns the same pod when nothing applies (no range, or everything set)", () => {
    const full = pod("f", [{ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }]);
    expect(applyDefaults(full, ranges)).toBe(full);
    expect(applyDefaults(pod("g"), [])).toEqual(pod("g"));
  });

  it("defaults the item as Kubernetes: default from max, defaultRequest from default, else min", () => {
    expect(effectiveItem({ type: "Container", max: { cpu: "1" }, min: { memory: "32Mi" } })).toEqual({ type: "Container", max: { cpu: "1" }, min: { memory: "32Mi" }, default: { cpu: "1" }, defaultRequest: { cpu: "1", memory: "32Mi" } });
  });

  it("refuses a request above the default limit, as validation after defaulting does", () => {
    const p = applyDefaults(pod("r", [{ requests: { cpu: "1" } }]), ranges);
    expect(() => checkRequestsWithinLimits(p)).toThrow(ValidationError);
    expect(() => checkRequestsWithinLimits(p)).toThrow('must be less than or equal to cpu limit of 500m');
  });
});

describe("LimitRanger bounds, in Kubernetes' words", () => {
  const bounds = (...items: LimitRangeItem[]) => [limitRange(...items)];
  it.each<[string, Pod, LimitRange[], string[]]>([
    ["a container's limit above max", pod("a", [{ requests: { cpu: "1" }, limits: { cpu: "1" } }]), bounds({ type: "Container", max: { cpu: "500m" } }), ["maximum cpu usage per Container is 500m, but limit is 1"]],
    ["no limit under a max", pod("a", [{ requests: { cpu: "100m" } }]), bounds({ type: "Container", max: { cpu: "500m" } }), ["maximum cpu usage per Container is 500m.  No limit is specified"]],
    ["a request below min", pod("a", [{ requests: { memory: "16Mi" } }]), bounds({ type: "Container", min: { memory: "32Mi" } }), ["minimum memory usage per Container is 32Mi, but request is 16Mi"]],
    ["no request under a min", pod("a"), bounds({ type: "Container", min: { memory: "32Mi" } }), ["minimum memory usage per Container is 32Mi.  No request is specified"]],
    ["a ratio too high", pod("a", [{ requests: { cpu: "100m" }, limits: { cpu: "1" } }]), bounds({ type: "Container", maxLimitRequestRatio: { cpu: "4" } }), ["cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000"]],
    ["the pod's sum above a Pod max", pod("a", [{ limits: { cpu: "600m" } }, { limits: { cpu: "600m" } }]), bounds({ type: "Pod", max: { cpu: "1" } }), ["maximum cpu usage per Pod is 1, but limit is 1200m"]],
    ["a pod within every bound", pod("a", [{ requests: { cpu: "200m" }, limits: { cpu: "400m" } }]), bounds({ type: "Container", min: { cpu: "100m" }, max: { cpu: "500m" }, maxLimitRequestRatio: { cpu: "2" } }), []],
  ])("%s", (_, p, ranges, expected) => {
    expect(podViolations(p, ranges)).toEqual(expected);
  });

  it("refuses with one reason, or several in brackets, as a 403", () => {
    expect(() => refuse(pod("web"), ["maximum cpu usage per Container is 500m, but limit is 1"])).toThrow('pods "web" is forbidden: maximum cpu usage per Container is 500m, but limit is 1');
    expect(() => refuse(pod("web"), ["a", "b"])).toThrow('pods "web" is forbidden: [a, b]');
    expect(() => refuse(pod("web"), [])).not.toThrow();
  });

  it("bounds a claim's storage request", () => {
    const claim = (storage: string): PersistentVolumeClaim => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "team-a" }, spec: { resources: { requests: { storage } } } });
    const ranges = [limitRange({ type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "10Gi" } })];
    expect(claimViolations(claim("500Mi"), ranges)).toEqual(["minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"]);
    expect(claimViolations(claim("20Gi"), ranges)).toEqual(["maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi"]);
    expect(claimViolations(claim("5Gi"), ranges)).toEqual([]);
  });
});
