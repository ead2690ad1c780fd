import { describe, expect, it } from "vitest";
import type { DaemonSet } from "@skiff/api";
import { tableHeaders, tableRow } from "./index.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

describe("skiff get daemonsets", () => {
  it("prints a DaemonSet as kubectl does: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE", () => {
    const ds: DaemonSet = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "logs", creationTimestamp: "2024-05-01T11:00:00Z" },
      spec: {
        selector: { matchLabels: { app: "logs" } },
        template: { metadata: { labels: { app: "logs" } }, spec: { nodeSelector: { disk: "ssd" }, containers: [{ name: "tail", image: "busybox" }] } },
      },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberMisscheduled: 0 },
    };
    expect(tableHeaders("DaemonSet", {})).toEqual(["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"]);
    expect(tableRow(ds, { now: NOW })).toEqual(["logs", "3", "3", "2", "1", "2", "disk=ssd", "60m"]);
    expect(tableRow(ds, { now: NOW, wide: true }).slice(8)).toEqual(["tail", "busybox", "app=logs"]);
    const fresh = { ...ds, spec: { ...ds.spec, template: { spec: { containers: ds.spec.template.spec.containers } } }, status: undefined };
    expect(tableRow(fresh as unknown as DaemonSet, { now: NOW }).slice(1, 7)).toEqual(["0", "0", "0", "0", "0", "<none>"]);
  });

  it("prints a ControllerRevision as kubectl does: NAME CONTROLLER REVISION AGE", () => {
    const owner = { apiVersion: "apps/v1", kind: "DaemonSet", name: "logs", uid: "u", controller: true };
    const rev = { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "logs-5d8f", ownerReferences: [owner], creationTimestamp: "2024-05-01T11:00:00Z" }, revision: 2 };
    expect(tableHeaders("ControllerRevision", {})).toEqual(["NAME", "CONTROLLER", "REVISION", "AGE"]);
    expect(tableRow(rev, { now: NOW })).toEqual(["logs-5d8f", "daemonset.apps/logs", "2", "60m"]);
  });
});
