// `skiff trace KIND/NAME`: the steps that belong to one object and to everything it caused, as one
// story. Pure: steps in, the story's steps (and its lines) out. An object belongs when it is the
// root, or when one of its owners belongs (Deployment -> ReplicaSets -> Pods); the steps about a
// pod (scheduled, assignment sent and received, containers started) name it by uid.
import type { TraceStep } from "./trace-steps.js";

/** The kinds whose writes the server's trace tells (trace/write-recorder.ts): the workloads and what they make. */
export const TRACED_KINDS = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

export interface StoryRoot {
  kind: string;
  namespace?: string;
  name: string;
  /** The root's uid when known: an older object of the same name is then left out. */
  uid?: string;
}

/** Steps that may still belong once their owner is learnt (they came first): at most this many. */
const WAITING_MAX = 1000;

/**
 * Takes steps in the order they come and says which belong. A step that names an object not yet
 * known waits (bounded) until a step makes its uid known, then comes out with it.
 */
export class Story {
  private readonly uids = new Set<string>();
  private waiting: TraceStep[] = [];

  constructor(private readonly root: StoryRoot) {
    if (root.uid) this.uids.add(root.uid);
  }

  /** The steps that now belong: this one (if it does) and any waiting ones it let in. */
  add(step: TraceStep): TraceStep[] {
    if (!this.belongs(step)) {
      this.waiting.push(step);
      if (this.waiting.length > WAITING_MAX) this.waiting.shift();
      return [];
    }
    const out = [step];
    const before = this.uids.size;
    if (step.uid) this.uids.add(step.uid);
    if (this.uids.size === before) return out;
    // A new object joined: its steps that came early (and theirs, in turn) now belong too.
    for (let learnt = true; learnt; ) {
      learnt = false;
      const still: TraceStep[] = [];
      for (const w of this.waiting) {
        if (!this.belongs(w)) {
          still.push(w);
          continue;
        }
        out.push(w);
        if (w.uid && !this.uids.has(w.uid)) {
          this.uids.add(w.uid);
          learnt = true;
        }
      }
      this.waiting = still;
    }
    return out;
  }

  private belongs(s: TraceStep): boolean {
    if (s.uid && this.uids.has(s.uid)) return true;
    if (s.ownerUids?.some((u) => this.uids.has(u))) return true;
    const r = this.root;
    return s.kind === r.kind && s.name === r.name && (s.namespace ?? "") === (r.namespace ?? "") && (!r.uid || s.uid === r.uid);
  }
}

/** Time order; steps of one instant by revision (a step without one after those with one). */
export function byTime(a: TraceStep, b: TraceStep): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return (a.revision ?? Number.MAX_SAFE_INTEGER) - (b.revision ?? Number.MAX_SAFE_INTEGER);
}

/** The whole story of `root` in `steps` (any order), oldest first. */
export function storyOf(root: StoryRoot, steps: readonly TraceStep[]): TraceStep[] {
  const story = new Story(root);
  return [...steps].sort(byTime).flatMap((s) => story.add(s)).sort(byTime);
}

export const TRACE_HEADER = columns("TIME (UTC)", "REVISION", "COMPONENT", "NODE", "OBJECT", "WHAT HAPPENED");

/** One line of the story, for a person: time, revision, component, node, object, step and detail. */
export function traceLine(s: TraceStep): string {
  const time = s.at.length >= 23 ? s.at.slice(11, 23) : s.at;
  const what = s.detail ? `${s.step}: ${s.detail}` : s.step;
  return columns(time, s.revision === undefined ? "-" : String(s.revision), s.component, s.node ?? "-", `${s.kind}/${s.name}`, what);
}

function columns(time: string, revision: string, component: string, node: string, object: string, what: string): string {
  return `${time.padEnd(12)}  ${revision.padStart(8)}  ${component.padEnd(21)}  ${node.padEnd(12)}  ${object.padEnd(34)}  ${what}`;
}
