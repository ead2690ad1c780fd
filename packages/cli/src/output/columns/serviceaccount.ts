// ServiceAccounts: kubectl's columns, NAME SECRETS AGE.
import { age, type ServiceAccount } from "@skiff/api";
import type { Columns } from "./types.js";

const serviceAccounts: Columns = {
  headers: ["NAME", "SECRETS", "AGE"],
  row: (o, now) => [o.metadata.name, String((o as ServiceAccount).secrets?.length ?? 0), age(o.metadata.creationTimestamp, now)],
};

export const serviceAccountColumns: Record<string, Columns> = { ServiceAccount: serviceAccounts };
