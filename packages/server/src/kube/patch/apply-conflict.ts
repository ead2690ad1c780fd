// The 409 server-side apply answers when a configuration would change a field another manager
// applied, worded as Kubernetes words it (apiserver managedfields internal/conflict.go), so that
// kubectl's advice ("--force-conflicts") follows it.
import { ConflictError } from "@skiff/api";

export interface ApplyConflict {
  /** The other manager, e.g. `kubectl-client-side-apply`. */
  manager: string;
  /** The field, as Kubernetes prints it: `.spec.replicas`. */
  field: string;
}

export interface ApplyConflictCause {
  reason: "FieldManagerConflict";
  message: string;
  field: string;
}

/** Apply failed: fields owned by other managers; `causes` become the Status details. */
export class ApplyConflictError extends ConflictError {
  readonly causes: ApplyConflictCause[];
  constructor(conflicts: readonly ApplyConflict[]) {
    super(conflictMessage(conflicts));
    this.causes = conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with "${c.manager}"`, field: c.field }));
  }
}

/**
 * One conflict: `Apply failed with 1 conflict: conflict with "m": .spec.replicas`. Several:
 * `Apply failed with 2 conflicts: conflicts with "m":` then one `- <field>` line each, by manager.
 */
function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) return `Apply failed with 1 conflict: conflict with "${only.manager}": ${only.field}`;
  const managers = [...new Set(conflicts.map((c) => c.manager))].sort();
  const parts = managers.map((m) => {
    const fields = conflicts.filter((c) => c.manager === m).map((c) => `- ${c.field}`);
    return `conflicts with "${m}":\n${fields.join("\n")}`;
  });
  return `Apply failed with ${conflicts.length} conflicts: ${parts.join("\n")}`;
}
