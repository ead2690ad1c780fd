import { describe, expect, it } from "vitest";
import type { Node } from "@skiff/api";
import { backThroughAnotherServer, DEFAULT_LIFECYCLE as C } from "./lifecycle-plan.js";
import { leaseRenewedAt, leasesToRenew, nodeLease } from "./node-leases.js";

const T0 = Date.parse("2026-01-01T12:00:00Z");

describe("node Leases written by a server that does not lead", () => {
  it("renews the nodes heard since their last write, and none while leading", () => {
    const heard = new Map([["n1", T0 + 100], ["n2", T0], ["n3", T0 + 50]]);
    const written = new Map([["n1", T0], ["n2", T0]]);
    expect(leasesToRenew(heard, written, false)).toEqual([["n1", T0 + 100], ["n3", T0 + 50]]);
    expect(leasesToRenew(heard, written, true)).toEqual([]);
  });

  it("says when the node was heard, in kube-node-lease, held by the node", () => {
    const lease = nodeLease("n1", T0, 6);
    expect(lease.metadata).toMatchObject({ name: "n1", namespace: "kube-node-lease" });
    expect(lease.spec).toEqual({ holderIdentity: "n1", leaseDurationSeconds: 6, renewTime: "2026-01-01T12:00:00.000000Z" });
    expect(leaseRenewedAt(lease)).toBe(T0);
    expect(leaseRenewedAt(undefined)).toBe(0);
  });
});

describe("a node back through another server", () => {
  const node = (status: string, reason: string): Node =>
    ({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, status: { conditions: [{ type: "Ready", status, reason }] } }) as unknown as Node;
  const grace = C.heartbeatPeriodMs * C.graceMultiplier;

  it("is written Ready when the lifecycle marked it NotReady and its Lease is fresh", () => {
    expect(backThroughAnotherServer(node("Unknown", "NodeStatusUnknown"), T0, T0 + grace, C)).toBe(true);
    expect(backThroughAnotherServer(node("Unknown", "NodeStatusUnknown"), T0, T0 + grace + 1, C)).toBe(false);
  });

  it("is left alone when Ready already, or not Ready for another reason", () => {
    expect(backThroughAnotherServer(node("True", "AgentReady"), T0, T0, C)).toBe(false);
    expect(backThroughAnotherServer(node("False", "KubeletNotReady"), T0, T0, C)).toBe(false);
  });
});
