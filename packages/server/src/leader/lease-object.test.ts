import { describe, expect, it } from "vitest";
import { acquiredLease, microTime, releasedLease, renewedLease } from "./lease-object.js";

const T0 = Date.parse("2026-01-01T12:00:00.123Z");

describe("the leader Lease object", () => {
  it("writes times as Kubernetes' MicroTime", () => {
    expect(microTime(T0)).toBe("2026-01-01T12:00:00.123000Z");
  });

  it("a first term creates it in kube-system with no transition", () => {
    const lease = acquiredLease(undefined, "a", T0, 5);
    expect(lease.metadata).toMatchObject({ name: "skiff-controller-manager", namespace: "kube-system" });
    expect(lease.spec).toEqual({ holderIdentity: "a", leaseDurationSeconds: 5, acquireTime: microTime(T0), renewTime: microTime(T0), leaseTransitions: 0 });
  });

  it("counts a transition when another server (or a released record) held it, not when the same one takes it again", () => {
    const a = acquiredLease(undefined, "a", T0, 5);
    const b = acquiredLease(a, "b", T0 + 1_000, 5);
    expect(b.spec.leaseTransitions).toBe(1);
    expect(acquiredLease(b, "b", T0 + 2_000, 5).spec.leaseTransitions).toBe(1);
    expect(acquiredLease(releasedLease(b, "b", T0 + 3_000), "b", T0 + 4_000, 5).spec.leaseTransitions).toBe(2);
  });

  it("renews and releases only its own record", () => {
    const a = acquiredLease(undefined, "a", T0, 5);
    expect(renewedLease(a, "a", T0 + 2_000)?.spec).toMatchObject({ holderIdentity: "a", acquireTime: microTime(T0), renewTime: microTime(T0 + 2_000) });
    expect(renewedLease(a, "b", T0 + 2_000)).toBeUndefined();
    expect(releasedLease(a, "b", T0)).toBeUndefined();
    expect(releasedLease(a, "a", T0 + 1)?.spec).toMatchObject({ holderIdentity: "", leaseDurationSeconds: 1 });
  });
});
