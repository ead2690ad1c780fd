// The order of the admission chain, as the Kubernetes API server runs it (a pure plan):
//
//   1. mutating admission plugins, in their order (ServiceAccount, LimitRanger's defaults)
//   2. mutating webhooks, one after another in name order
//   3. validation of the object again, when a webhook changed it
//   4. validating admission plugins (LimitRanger's bounds)
//   5. validating webhooks, all at once
//   (6. ResourceQuota, charged at the commit: quota/admit-at-commit.ts)
//
// A plugin appears only for the requests it handles, so an update of a ConfigMap costs nothing
// but the webhooks that match it.
import type { AdmissionPlugin, AdmissionRequest } from "./request.js";

export type AdmissionStep =
  | { phase: "mutating-plugin"; plugin: AdmissionPlugin }
  | { phase: "mutating-webhooks" }
  | { phase: "validation" }
  | { phase: "validating-plugin"; plugin: AdmissionPlugin }
  | { phase: "validating-webhooks" };

/** The steps `request` goes through; `webhooks`: whether a webhook rule may concern the object. */
export function admissionSteps(plugins: readonly AdmissionPlugin[], request: Pick<AdmissionRequest, "operation" | "subresource" | "object">, webhooks: boolean): AdmissionStep[] {
  const handling = plugins.filter((p) => p.handles(request));
  return [
    ...handling.filter((p) => p.mutate).map((plugin): AdmissionStep => ({ phase: "mutating-plugin", plugin })),
    ...(webhooks ? [{ phase: "mutating-webhooks" } as const, { phase: "validation" } as const] : []),
    ...handling.filter((p) => p.validate).map((plugin): AdmissionStep => ({ phase: "validating-plugin", plugin })),
    ...(webhooks ? [{ phase: "validating-webhooks" } as const] : []),
  ];
}

/** The steps' names, for tests and traces: `ServiceAccount`, `mutating webhooks`, ... */
export function stepNames(steps: AdmissionStep[]): string[] {
  return steps.map((s) => ("plugin" in s ? `${s.phase === "mutating-plugin" ? "mutate" : "validate"} ${s.plugin.name}` : s.phase.replace("-", " ")));
}
