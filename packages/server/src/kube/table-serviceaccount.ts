// kubectl 1.32's table for ServiceAccounts (printers.go printServiceAccount): Name, Secrets, Age.
import { age, type ApiObject, type ServiceAccount } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const serviceAccount: Printer = {
  columns: [NAME, column("Secrets", "integer", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), AGE],
  cells: (o: ApiObject, now: number) => [o.metadata.name, (o as ServiceAccount).secrets?.length ?? 0, age(o.metadata.creationTimestamp, now)],
};

export const serviceAccountPrinters: Record<string, Printer> = { ServiceAccount: serviceAccount };
