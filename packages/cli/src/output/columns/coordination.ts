// Leases: kubectl's columns NAME HOLDER AGE.
import { age, leaseHolder, type Lease } from "@skiff/api";
import type { Columns } from "./types.js";

const leases: Columns = {
  headers: ["NAME", "HOLDER", "AGE"],
  row: (o, now) => {
    const lease = o as Lease;
    return [lease.metadata.name, leaseHolder(lease), age(lease.metadata.creationTimestamp, now)];
  },
};

export const coordinationColumns: Record<string, Columns> = { Lease: leases };
