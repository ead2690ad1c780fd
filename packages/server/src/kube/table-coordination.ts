// kubectl 1.32's table for Leases (printers.go printLease: Name, Holder, Age); cells by @skiff/api.
import { age, leaseHolder, type ApiObject, type Lease } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const lease: Printer = {
  columns: [NAME, column("Holder", "string", "The holder of the lease."), AGE],
  cells: (o: ApiObject, now: number) => {
    const l = o as Lease;
    return [l.metadata.name, leaseHolder(l), age(l.metadata.creationTimestamp, now)];
  },
};

export const coordinationPrinters: Record<string, Printer> = { Lease: lease };
