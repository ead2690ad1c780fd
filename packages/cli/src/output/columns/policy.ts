// PodDisruptionBudgets: kubectl's columns (cells by @skiff/api's rules).
import { age, pdbAllowedDisruptions, pdbMaxUnavailable, pdbMinAvailable, type PodDisruptionBudget } from "@skiff/api";
import type { Columns } from "./types.js";

const podDisruptionBudgets: Columns = {
  headers: ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
  row: (o, now) => {
    const pdb = o as PodDisruptionBudget;
    return [pdb.metadata.name, pdbMinAvailable(pdb), pdbMaxUnavailable(pdb), String(pdbAllowedDisruptions(pdb)), age(pdb.metadata.creationTimestamp, now)];
  },
};

export const policyColumns: Record<string, Columns> = { PodDisruptionBudget: podDisruptionBudgets };
