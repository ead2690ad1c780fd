// The pure part of `rollout history` and `rollout undo` for a DaemonSet, as kubectl's
// DaemonSetHistoryViewer and DaemonSetRollbacker compute them: the revisions are the DaemonSet's
// ControllerRevisions, and undoing is putting an old revision's template back into the DaemonSet.
import { CHANGE_CAUSE_ANNOTATION, revisionTemplate, type ControllerRevision, type DaemonSet, type PodTemplateSpec } from "@skiff/api";
import { UserError } from "./errors.js";

export interface DaemonSetRevision {
  revision: number;
  changeCause?: string;
  template: PodTemplateSpec;
}

/** The revisions that hold a template, oldest first. */
export function daemonSetRevisions(revisions: readonly ControllerRevision[]): DaemonSetRevision[] {
  return revisions
    .flatMap((r) => {
      const template = revisionTemplate(r);
      return template ? [{ revision: r.revision, changeCause: r.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION], template }] : [];
    })
    .sort((a, b) => a.revision - b.revision);
}

/**
 * The revision `rollout undo` goes back to: `toRevision` when given (> 0), else the one before the
 * newest. UserError, in kubectl's words, when there is none.
 */
export function daemonSetUndoTarget(ds: DaemonSet, revisions: readonly ControllerRevision[], toRevision = 0): DaemonSetRevision {
  const history = daemonSetRevisions(revisions);
  if (toRevision > 0) {
    const found = history.find((h) => h.revision === toRevision);
    if (!found) throw new UserError(`unable to find specified revision ${toRevision} in history`);
    return found;
  }
  const previous = history.at(-2);
  if (!previous) throw new UserError(`no last revision to roll back to for daemonset "${ds.metadata.name}"`);
  return previous;
}

/** The DaemonSet with `target`'s template; the controller then rolls its pods to it. */
export function rolledBackDaemonSet(ds: DaemonSet, target: DaemonSetRevision): DaemonSet {
  return { ...ds, spec: { ...ds.spec, template: structuredClone(target.template) } };
}
