// How kubectl prints labels and selectors in a table cell, and the placeholder for "nothing".
import { selectorFromLabelSelector } from "../selector.js";
import type { LabelSelector } from "../types.js";

/** What a cell shows when there is nothing to show (no IP, no ports, no roles). */
export const NONE = "<none>";

/** `app=web,tier=db`, sorted, or <none>: a label map as kubectl prints it (labels.FormatLabels). */
export function labelString(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.sort().join(",") : NONE;
}

/**
 * A LabelSelector in selector syntax (`app=web,env in (a,b)`), `""` when it selects everything,
 * `<invalid>` when it cannot be read: how kubectl prints a Deployment's SELECTOR.
 */
export function selectorString(selector: LabelSelector | undefined): string {
  try {
    return selectorFromLabelSelector(selector ?? {}).toString();
  } catch {
    return "<invalid>";
  }
}

/** The same, `<none>` when empty (metav1.FormatLabelSelector: ReplicaSets, and skiff's CLI). */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const s = selectorString(selector);
  return s === "" ? NONE : s;
}
