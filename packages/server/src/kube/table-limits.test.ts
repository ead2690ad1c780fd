// kubectl's `get quota,limits` columns, as the REST edge prints them, and their discovery.
import { describe, expect, it } from "vitest";
import type { LimitRange, ResourceQuota } from "@skiff/api";
import { apiResourceList } from "./discovery.js";
import { toTable } from "./table.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const created = "2024-05-01T11:00:00Z";

describe("limits tables", () => {
  it("prints a quota's used/hard, the limits.* ones in LIMIT, as kubectl 1.32 does", () => {
    const q: ResourceQuota = {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "q", namespace: "team-a", creationTimestamp: created },
      spec: { hard: { pods: "4", "requests.cpu": "2", "limits.memory": "1Gi" } },
      status: { hard: { pods: "4", "requests.cpu": "2", "limits.memory": "1Gi" }, used: { pods: "3", "requests.cpu": "500m", "limits.memory": "256Mi" } },
    };
    const t = toTable("ResourceQuota", [q], { now: NOW });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Age", "Request", "Limit"]);
    expect(t.rows[0]?.cells).toEqual(["q", "60m", "pods: 3/4, requests.cpu: 500m/2", "limits.memory: 256Mi/1Gi"]);
  });

  it("prints a quota not counted yet from its spec, with nothing used", () => {
    const q: ResourceQuota = { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: "a", creationTimestamp: created }, spec: { hard: { pods: "4" } } };
    expect(toTable("ResourceQuota", [q], { now: NOW }).rows[0]?.cells).toEqual(["q", "60m", "pods: 0/4", ""]);
  });

  it("prints a LimitRange's name and creation time", () => {
    const lr: LimitRange = { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: "a", creationTimestamp: created }, spec: { limits: [{ type: "Container", default: { cpu: "1" } }] } };
    const t = toTable("LimitRange", [lr], { now: NOW });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Created At"]);
    expect(t.rows[0]?.cells).toEqual(["limits", "2024-05-01T11:00:00Z"]);
  });

  it("discovers both in the core group, with kubectl's short names and the quota's status subresource", () => {
    const core = apiResourceList("", "v1")?.resources ?? [];
    expect(core.find((r) => r.name === "resourcequotas")).toMatchObject({ kind: "ResourceQuota", shortNames: ["quota"], namespaced: true });
    expect(core.find((r) => r.name === "resourcequotas/status")).toBeDefined();
    expect(core.find((r) => r.name === "limitranges")).toMatchObject({ kind: "LimitRange", shortNames: ["limits"], namespaced: true });
  });
});
