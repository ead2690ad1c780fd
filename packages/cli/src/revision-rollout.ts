// The pure part of `rollout history` and `rollout undo` for a DaemonSet or a StatefulSet, as
// kubectl's DaemonSet/StatefulSet HistoryViewer and Rollbacker compute them: the revisions are the
// workload's ControllerRevisions, and undoing is putting an old revision's template back.
import { CHANGE_CAUSE_ANNOTATION, revisionTemplate, type ControllerRevision, type DaemonSet, type PodTemplateSpec, type StatefulSet } from "@skiff/api";
import { UserError } from "./errors.js";

/** The workloads whose revisions are ControllerRevisions. */
export type Versioned = DaemonSet | StatefulSet;

export interface TemplateRevision {
  revision: number;
  changeCause?: string;
  template: PodTemplateSpec;
}

/** The revisions that hold a template, oldest first. */
export function templateRevisions(revisions: readonly ControllerRevision[]): TemplateRevision[] {
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
export function undoTarget(ds: Versioned, revisions: readonly ControllerRevision[], toRevision = 0): TemplateRevision {
  const history = templateRevisions(revisions);
  if (toRevision > 0) {
    const found = history.find((h) => h.revision === toRevision);
    if (!found) throw new UserError(`unable to find specified revision ${toRevision} in history`);
    return found;
  }
  const previous = history.at(-2);
  if (!previous) throw new UserError(`no last revision to roll back to for ${ds.kind.toLowerCase()} "${ds.metadata.name}"`);
  return previous;
}

/** The workload with `target`'s template; its controller then rolls its pods to it. */
export function rolledBackTo<T extends Versioned>(ds: T, target: TemplateRevision): T {
  return { ...ds, spec: { ...ds.spec, template: structuredClone(target.template) } };
}
