import { describe, expect, it } from "vitest";
import type { LimitRange, ResourceQuota } from "@skiff/api";
import { tableHeaders, tableRow } from "../columns/index.js";
import { describeObject } from "./index.js";

const meta = { namespace: "team-a", creationTimestamp: "2024-05-01T12:00:00Z" };
const now = Date.parse("2024-05-01T13:00:00Z");

describe("quota and limit range, as kubectl prints them", () => {
  const q: ResourceQuota = {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "q", ...meta },
    spec: { hard: { pods: "4", "limits.cpu": "2" } },
    status: { hard: { pods: "4", "limits.cpu": "2" }, used: { pods: "4", "limits.cpu": "1500m" } },
  };

  it("get quota: NAME AGE REQUEST LIMIT", () => {
    expect(tableHeaders("ResourceQuota", {})).toEqual(["NAME", "AGE", "REQUEST", "LIMIT"]);
    expect(tableRow(q, { now })).toEqual(["q", "60m", "pods: 4/4", "limits.cpu: 1500m/2"]);
  });

  it("describe quota: Resource, Used, Hard", () => {
    expect(describeObject(q, { now })).toMatch(/Resource\s+Used\s+Hard\n-+\s+-+\s+-+\nlimits\.cpu\s+1500m\s+2\npods\s+4\s+4/);
  });

  it("describe limitrange: a row per type and resource, - where unset", () => {
    const lr: LimitRange = { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", ...meta }, spec: { limits: [{ type: "Container", max: { cpu: "1" }, default: { cpu: "500m", memory: "256Mi" } }] } };
    const text = describeObject(lr, { now });
    expect(text).toMatch(/Type\s+Resource\s+Min\s+Max\s+Default Request\s+Default Limit\s+Max Limit\/Request Ratio/);
    expect(text).toMatch(/Container\s+cpu\s+-\s+1\s+-\s+500m\s+-/);
    expect(text).toMatch(/Container\s+memory\s+-\s+-\s+-\s+256Mi\s+-/);
    expect(tableHeaders("LimitRange", {})).toEqual(["NAME", "CREATED AT"]);
    expect(tableRow(lr, { now })).toEqual(["limits", "2024-05-01T12:00:00Z"]);
  });
});
