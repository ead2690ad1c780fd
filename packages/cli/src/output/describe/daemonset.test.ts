import { describe, expect, it } from "vitest";
import type { DaemonSet } from "@skiff/api";
import { describeObject } from "./index.js";

describe("describe daemonset", () => {
  it("gives the selectors, the strategy and the node counts, as kubectl does", () => {
    const ds: DaemonSet = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "logs", namespace: "default", creationTimestamp: "2024-05-01T12:00:00Z" },
      spec: {
        selector: { matchLabels: { app: "logs" } },
        template: { metadata: { labels: { app: "logs" } }, spec: { nodeSelector: { disk: "ssd" }, containers: [{ name: "tail", image: "busybox" }] } },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberUnavailable: 1, numberMisscheduled: 1 },
    };
    const text = describeObject(ds, { now: Date.parse("2024-05-01T13:00:00Z") });
    for (const line of [
      /Selector:\s+app=logs/,
      /Node-Selector:\s+disk=ssd/,
      /Update Strategy:\s+RollingUpdate \(max unavailable 0, max surge 1\)/,
      /Desired Number of Nodes Scheduled:\s+3/,
      /Number of Nodes Scheduled with Up-to-date Pods:\s+1/,
      /Number of Nodes Misscheduled:\s+1/,
      /Pods Status:\s+2 Ready \/ 1 Unavailable/,
      /Image:\s+busybox/,
    ]) {
      expect(text).toMatch(line);
    }
  });
});
