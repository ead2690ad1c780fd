import { describe, expect, it } from "vitest";
import type { Lease } from "@skiff/api";
import { leaderLine } from "./leader-line.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const lease = (spec: Lease["spec"]): Lease => ({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "skiff-controller-manager", namespace: "kube-system" }, spec });

describe("skiff version's leader line", () => {
  it("names the holder and since when it leads", () => {
    expect(leaderLine(lease({ holderIdentity: "h_127.0.0.1:7443_ab", leaseDurationSeconds: 5, acquireTime: "2026-01-01T11:00:00.000000Z", renewTime: "2026-01-01T11:59:59.000000Z" }), NOW)).toBe(
      "Leader: h_127.0.0.1:7443_ab, leading since 2026-01-01T11:00:00.000000Z",
    );
  });
  it("says no one leads when the lease is absent or released", () => {
    expect(leaderLine(undefined, NOW)).toMatch(/^Leader: none/);
    expect(leaderLine(lease({ holderIdentity: "", leaseDurationSeconds: 1 }), NOW)).toMatch(/^Leader: none/);
  });
  it("warns when the holder has not renewed for twice its duration", () => {
    expect(leaderLine(lease({ holderIdentity: "h1", leaseDurationSeconds: 5, renewTime: "2026-01-01T11:59:30.000000Z" }), NOW)).toBe("Leader: h1 (not renewed for 30s: it may have stopped; another server takes over)");
  });
});
