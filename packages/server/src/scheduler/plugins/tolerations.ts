// Does a pod tolerate a taint? The rules of Kubernetes' Toleration.ToleratesTaint:
// an empty effect matches every effect, an empty key (with Exists) every key; Exists ignores the
// value, Equal (the default) needs the same value.
import type { Pod, Taint, Toleration } from "@skiff/api";

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  return !!t.key && (t.value ?? "") === (taint.value ?? "");
}

export function podToleratesTaint(pod: Pod, taint: Taint): boolean {
  return (pod.spec.tolerations ?? []).some((t) => toleratesTaint(t, taint));
}
