// What a CustomResourceDefinition's status should say (pure): NamesAccepted (its names clash
// with no built-in kind and no older CRD), Established (accepted, so served: skiff serves a CRD
// as soon as its names are accepted), Terminating while its objects are being deleted;
// acceptedNames and storedVersions as Kubernetes keeps them.
import type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionStatus, NamesVerdict } from "@skiff/api";

type Condition = CustomResourceDefinitionCondition;

function condition(type: Condition["type"], ok: boolean, reason: string, message: string): Condition {
  return { type, status: ok ? "True" : "False", reason, message };
}

/** The status `crd` should have; a condition keeps its lastTransitionTime while its status holds. */
export function planCrdStatus(crd: CustomResourceDefinition, verdict: NamesVerdict, now: Date): CustomResourceDefinitionStatus {
  const before = crd.status ?? {};
  const accepted = verdict.accepted;
  const wanted: Condition[] = [
    accepted ? condition("NamesAccepted", true, "NoConflicts", "no conflicts found") : condition("NamesAccepted", false, "NameConflict", verdict.message ?? "names conflict"),
    accepted ? condition("Established", true, "InitialNamesAccepted", "the initial names have been accepted") : condition("Established", false, "NotAccepted", "not all names are accepted"),
  ];
  if (crd.metadata.deletionTimestamp) wanted.push(condition("Terminating", true, "InstanceDeletionInProgress", "CustomResource deletion is in progress"));
  const conditions = wanted.map((c) => {
    const old = before.conditions?.find((o) => o.type === c.type);
    const since = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now.toISOString().replace(/\.\d+Z$/, "Z");
    return { ...c, lastTransitionTime: since };
  });
  const storage = crd.spec?.versions.find((v) => v.storage)?.name;
  const storedVersions = [...new Set([...(before.storedVersions ?? []), ...(storage ? [storage] : [])])];
  const acceptedNames = accepted && crd.spec ? crd.spec.names : (before.acceptedNames ?? { plural: "", kind: "" });
  return { conditions, acceptedNames, storedVersions };
}

/** The objects a deleted CRD takes with it: its kind's, in its group (never another CRD's namesake). */
export function objectsOfCrd<T extends { apiVersion: string }>(crd: CustomResourceDefinition, objects: T[]): T[] {
  const group = crd.spec?.group ?? "";
  return objects.filter((o) => o.apiVersion.startsWith(`${group}/`));
}
