import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { countName, formatAmount, kindsCounted, namespaceUsage, usageOf } from "./usage.js";
import { NOW, pod } from "./test-fixtures.js";

describe("what an object costs a namespace", () => {
  it.each<[string, ApiObject, Record<string, number>]>([
    ["a pod without resources costs one pod", pod("a"), { pods: 1, "count/pods": 1 }],
    [
      "a pod's containers are summed, cpu and memory aliasing requests",
      pod("b", [{ requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m" } }, { requests: { cpu: "0.5" }, limits: { cpu: "1", memory: "128Mi" } }]),
      { pods: 1, "count/pods": 1, "requests.cpu": 750, cpu: 750, "requests.memory": 64 * 2 ** 20, memory: 64 * 2 ** 20, "limits.cpu": 1500, "limits.memory": 128 * 2 ** 20 },
    ],
    ["a Succeeded pod costs nothing", pod("c", [{ requests: { cpu: "1" } }], "Succeeded"), {}],
    ["a Failed pod costs nothing", pod("d", [{}], "Failed"), {}],
    ["a Running pod counts", pod("e", [{}], "Running"), { pods: 1, "count/pods": 1 }],
    ["a ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-a" } }, { configmaps: 1, "count/configmaps": 1 }],
    ["a Deployment, by its group", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "team-a" } }, { "count/deployments.apps": 1 }],
    [
      "a NodePort Service, one node port per port",
      { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "team-a" }, spec: { type: "NodePort", ports: [{ port: 80 }, { port: 443 }] } } as ApiObject,
      { services: 1, "count/services": 1, "services.nodeports": 2 },
    ],
    [
      "a claim, with its storage",
      { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c", namespace: "team-a" }, spec: { resources: { requests: { storage: "1Gi" } } } } as ApiObject,
      { persistentvolumeclaims: 1, "count/persistentvolumeclaims": 1, "requests.storage": 2 ** 30 },
    ],
  ])("%s", (_, object, expected) => {
    expect(usageOf(object, NOW)).toEqual(expected);
  });

  it("a pod whose deletion grace period has run out no longer counts", () => {
    const going = pod("g");
    going.metadata.deletionTimestamp = "2025-12-31T23:59:00Z";
    going.metadata.deletionGracePeriodSeconds = 30;
    expect(usageOf(going, NOW)).toEqual({});
    expect(usageOf({ ...going, metadata: { ...going.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } }, NOW).pods).toBe(1);
  });

  it("sums a namespace for the names asked, zero for what nothing uses", () => {
    const objects = [pod("a", [{ requests: { cpu: "100m" } }]), pod("b", [{ requests: { cpu: "200m" } }]), pod("c", [{}], "Succeeded")];
    expect(namespaceUsage(objects, ["pods", "requests.cpu", "secrets"], NOW)).toEqual({ pods: 2, "requests.cpu": 300, secrets: 0 });
  });

  it.each([
    ["pods", ["Pod"]], ["limits.memory", ["Pod"]], ["cpu", ["Pod"]], ["services.nodeports", ["Service"]], ["secrets", ["Secret"]],
    ["requests.storage", ["PersistentVolumeClaim"]], ["count/deployments.apps", ["Deployment"]], ["count/pods", ["Pod"]], ["count/widgets.example.com", []],
  ])("%s is counted from %j", (name, kinds) => {
    expect(kindsCounted(name)).toEqual(kinds);
  });

  it("names and prints amounts as Kubernetes does", () => {
    expect(countName("Job")).toBe("count/jobs.batch");
    expect(formatAmount("requests.cpu", 1500)).toBe("1500m");
    expect(formatAmount("limits.cpu", 2000)).toBe("2");
    expect(formatAmount("memory", 2 ** 28)).toBe("256Mi");
    expect(formatAmount("pods", 4)).toBe("4");
  });
});
