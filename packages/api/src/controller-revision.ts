// What a DaemonSet's ControllerRevision stores, defined once for the controller that writes it and
// the CLI that reads it back (`rollout history|undo`): Kubernetes' format, a strategic merge patch
// that replaces the template, `{"spec":{"template":{...,"$patch":"replace"}}}`, so kubectl reads
// skiff's revisions and skiff reads Kubernetes'.
import type { ControllerRevision, PodTemplateSpec } from "./types.js";

export function templateRevisionData(template: PodTemplateSpec): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(template), $patch: "replace" } } };
}

/** The template a revision stores, or undefined when it holds none. */
export function revisionTemplate(r: ControllerRevision): PodTemplateSpec | undefined {
  const spec = r.data?.spec as { template?: PodTemplateSpec & { $patch?: string } } | undefined;
  if (!spec?.template?.spec) return undefined;
  const { $patch: _patch, ...template } = spec.template;
  return template;
}
