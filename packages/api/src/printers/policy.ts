// Cells for PodDisruptionBudgets, by kubectl's rules (printers.go printPodDisruptionBudget):
// the bound that is not set prints N/A.
import type { PodDisruptionBudget } from "../types.js";

const NOT_SET = "N/A";

/** MIN AVAILABLE: `2`, `80%` or N/A. */
export function pdbMinAvailable(pdb: PodDisruptionBudget): string {
  return pdb.spec?.minAvailable === undefined ? NOT_SET : String(pdb.spec.minAvailable);
}

/** MAX UNAVAILABLE: `1`, `25%` or N/A. */
export function pdbMaxUnavailable(pdb: PodDisruptionBudget): string {
  return pdb.spec?.maxUnavailable === undefined ? NOT_SET : String(pdb.spec.maxUnavailable);
}

/** ALLOWED DISRUPTIONS: status.disruptionsAllowed (0 before the controller's first look). */
export function pdbAllowedDisruptions(pdb: PodDisruptionBudget): number {
  return pdb.status?.disruptionsAllowed ?? 0;
}
