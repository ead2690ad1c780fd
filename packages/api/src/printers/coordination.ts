// Cells for Leases, by kubectl's rules (printers.go printLease): NAME HOLDER AGE.
import type { Lease } from "../types.js";

/** HOLDER: spec.holderIdentity, empty while no one holds it. */
export function leaseHolder(lease: Lease): string {
  return lease.spec?.holderIdentity ?? "";
}
