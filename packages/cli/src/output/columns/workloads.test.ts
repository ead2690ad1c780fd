// The pod table's layout: kubectl's columns (their rules are @skiff/api's), IP and NODE with -o wide.
import { describe, expect, it } from "vitest";
import type { ContainerState, ContainerStatus, Pod } from "@skiff/api";
import { tableRow } from "./index.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

function cs(state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name: "c", image: "nginx", imageID: "", ready: false, restartCount: 0, state, ...extra };
}

function pod(status: Pod["status"], extra: { containers?: number; deleting?: boolean; nodeName?: string } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      creationTimestamp: "2024-05-01T11:59:00Z",
      ...(extra.deleting ? { deletionTimestamp: "2024-05-01T11:59:59Z" } : {}),
    },
    spec: {
      containers: Array.from({ length: extra.containers ?? 1 }, (_, i) => ({ name: `c${i}`, image: "nginx" })),
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
    },
    status,
  };
}

const running = cs({ running: { startedAt: "2024-05-01T11:59:30Z" } }, { ready: true });

describe("pod columns", () => {
  it("adds IP and NODE with -o wide, <none> until scheduled", () => {
    const wide = { wide: true, now: NOW };
    expect(tableRow(pod({ phase: "Pending" }), wide)).toEqual(["web", "0/1", "Pending", "0", "60s", "<none>", "<none>"]);
    const placed = pod({ phase: "Running", podIP: "10.1.0.5", containerStatuses: [running] }, { nodeName: "n1" });
    expect(tableRow(placed, wide).slice(-2)).toEqual(["10.1.0.5", "n1"]);
  });
});
