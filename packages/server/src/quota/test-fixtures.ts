// Objects for the quota and limit range tests. Test code only.
import type { LimitRange, LimitRangeItem, Pod, ResourceList, ResourceQuota } from "@skiff/api";

export const NOW = new Date("2026-01-01T00:00:00Z");

export function pod(name: string, resources: { requests?: ResourceList; limits?: ResourceList }[] = [{}], phase?: "Running" | "Succeeded" | "Failed"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "team-a", uid: `uid-${name}` },
    spec: { containers: resources.map((r, i) => ({ name: i === 0 ? "app" : `side${i}`, image: "nginx", ...(r.requests || r.limits ? { resources: r } : {}) })) },
    ...(phase ? { status: { phase } } : {}),
  } as Pod;
}

export function quota(name: string, hard: ResourceList, used?: ResourceList): ResourceQuota {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name, namespace: "team-a", uid: `uid-${name}` },
    spec: { hard },
    ...(used ? { status: { hard, used } } : {}),
  };
}

export function limitRange(...limits: LimitRangeItem[]): LimitRange {
  return { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: "team-a", uid: "uid-lr" }, spec: { limits } };
}
