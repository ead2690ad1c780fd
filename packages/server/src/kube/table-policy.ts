// kubectl 1.32's table for PodDisruptionBudgets (printers.go printPodDisruptionBudget); the cell
// rules are @skiff/api's.
import { age, pdbAllowedDisruptions, pdbMaxUnavailable, pdbMinAvailable, type ApiObject, type PodDisruptionBudget } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const podDisruptionBudget: Printer = {
  columns: [
    NAME,
    column("Min Available", "string", "The minimum number of pods that must be available."),
    column("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
    column("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
    AGE,
  ],
  cells: (o: ApiObject, now: number) => {
    const pdb = o as PodDisruptionBudget;
    return [pdb.metadata.name, pdbMinAvailable(pdb), pdbMaxUnavailable(pdb), pdbAllowedDisruptions(pdb), age(pdb.metadata.creationTimestamp, now)];
  },
};

export const policyPrinters: Record<string, Printer> = { PodDisruptionBudget: podDisruptionBudget };
