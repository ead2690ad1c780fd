// A Job's selector, as the Kubernetes API server sets it (the Job strategy's generateSelector):
// unless the user asks for manualSelector, the server picks it at creation, from the new uid,
// and labels the template to match (batch.kubernetes.io/controller-uid, job-name, and the
// legacy controller-uid and job-name). A Job is the only kind whose spec the server writes.
//
// An update that leaves the selector out (re-applying the manifest it was made from) keeps the
// generated selector and labels, so re-applying changes nothing. Pure.
import {
  JOB_CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_JOB_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
  ValidationError,
  formatPath,
  selectorFromLabelSelector,
  withGeneratedSelector,
  type ApiObject,
  type Job,
} from "@skiff/api";

const GENERATED_LABELS = [LEGACY_JOB_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL];

const isGenerated = (obj: ApiObject): obj is Job => obj.kind === "Job" && (obj as Job).spec?.manualSelector !== true;

/**
 * A new Job (uid already set) with its generated selector; any other object as it is. A Job that
 * brings a selector or uid labels of its own (copied from another Job) is refused, as Kubernetes
 * refuses it, unless it asks for manualSelector.
 */
export function withJobSelector(obj: ApiObject): ApiObject {
  const uid = obj.metadata.uid;
  if (!isGenerated(obj) || !uid) return obj;
  const job = withGeneratedSelector(obj, uid);
  const issues = [];
  if (job.spec.selector?.matchLabels?.[JOB_CONTROLLER_UID_LABEL] !== uid || !selectorFromLabelSelector(job.spec.selector).matches(job.spec.template.metadata?.labels)) {
    issues.push({ path: "spec.selector", message: "`selector` not auto-generated: leave it out, or set manualSelector to true" });
  }
  for (const key of [JOB_CONTROLLER_UID_LABEL, LEGACY_JOB_CONTROLLER_UID_LABEL]) {
    if (job.spec.template.metadata?.labels?.[key] !== uid) {
      issues.push({ path: formatPath(["spec", "template", "metadata", "labels", key]), message: "set by the server to the Job's uid: leave it out" });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return job;
}

/** An updated Job keeps the selector and template labels the server generated for it. */
export function keepJobSelector(incoming: ApiObject, existing: ApiObject): ApiObject {
  if (!isGenerated(incoming) || existing.kind !== "Job") return incoming;
  const stored = (existing as Job).spec;
  const labels = { ...incoming.spec.template.metadata?.labels };
  for (const key of GENERATED_LABELS) {
    const value = stored.template.metadata?.labels?.[key];
    if (value !== undefined) labels[key] ??= value;
  }
  const template = { ...incoming.spec.template, metadata: { ...incoming.spec.template.metadata, labels } };
  return { ...incoming, spec: { ...incoming.spec, selector: incoming.spec.selector ?? stored.selector, template } };
}
