// ControllerRevision (apps/v1): one stored revision of a controller's template, as Kubernetes keeps
// them for DaemonSets (and StatefulSets) so that `rollout history` and `rollout undo` can go back.
import type { ApiObject } from "../meta.js";

export interface ControllerRevision extends ApiObject<never, never> {
  apiVersion: "apps/v1";
  kind: "ControllerRevision";
  /**
   * What the revision restores. For a DaemonSet, as Kubernetes writes it, a strategic merge patch
   * that replaces the template: `{"spec":{"template":{...,"$patch":"replace"}}}`.
   */
  data?: Record<string, unknown>;
  /** The revision's number: the higher, the newer. */
  revision: number;
}
