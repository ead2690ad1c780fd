// An object's history of resourceVersions, as the YAML view lists it: who changed it and what.
// Two sources: the trace's steps about the object (workloads and pods: describe-write on the
// server says who and what, since the server started), and the versions this page saw live (any
// kind: a field diff between successive versions, since the view opened). Plain functions.
import type { ApiObject, TraceStep } from "@skiff/api";

/** Versions remembered per object view: the newest this many. */
export const HISTORY_MAX = 50;
/** A diff names at most this many fields, each value cut at VALUE_MAX characters. */
const DIFF_MAX = 20;
const VALUE_MAX = 60;

export interface SeenVersion {
  resourceVersion: string;
  /** When the page saw it (its clock). */
  at: string;
  /** The fields that differ from the version seen before; undefined for the first one seen. */
  changes?: string[];
}

export interface HistoryRow {
  resourceVersion: string;
  at?: string;
  /** The component that wrote it, when the trace says (user, deployment-controller, scheduler...). */
  who?: string;
  /** The trace's words for the write. */
  what?: string;
  changes?: string[];
}

const short = (v: unknown) => {
  const s = v === undefined ? "-" : JSON.stringify(v);
  return s.length > VALUE_MAX ? `${s.slice(0, VALUE_MAX - 1)}…` : s;
};

/** The fields that differ between two versions, as `path: old -> new`, resourceVersion aside. */
export function fieldDiff(before: unknown, after: unknown, max = DIFF_MAX): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length > max || path === "metadata.resourceVersion" || path === "metadata.managedFields") return;
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${short(a)} -> ${short(b)}`);
  };
  walk(before, after, "");
  return out.length > max ? [...out.slice(0, max), `… and more`] : out;
}

/** Remembers the versions of one object as they are seen, each with its diff from the one before. */
export class VersionLog {
  private last: ApiObject | undefined;
  readonly versions: SeenVersion[] = [];

  constructor(private readonly max = HISTORY_MAX) {}

  /** Returns true when `o` is a version not seen before. */
  see(o: ApiObject, at = new Date().toISOString()): boolean {
    const rv = o.metadata.resourceVersion ?? "";
    if (this.last && this.last.metadata.resourceVersion === rv) return false;
    this.versions.push({ resourceVersion: rv, at, ...(this.last ? { changes: fieldDiff(this.last, o) } : {}) });
    if (this.versions.length > this.max) this.versions.shift();
    this.last = o;
    return true;
  }
}

/** One row per resourceVersion, newest first: the trace's who and what, and the diff the page saw. */
export function historyRows(uid: string | undefined, steps: readonly TraceStep[], seen: readonly SeenVersion[], max = HISTORY_MAX): HistoryRow[] {
  const rows = new Map<string, HistoryRow>();
  for (const s of steps) {
    if (!uid || s.uid !== uid || s.revision === undefined) continue;
    const rv = String(s.revision);
    rows.set(rv, { resourceVersion: rv, at: s.at, who: s.component, what: s.detail ? `${s.step}: ${s.detail}` : s.step });
  }
  for (const v of seen) {
    const row = rows.get(v.resourceVersion);
    rows.set(v.resourceVersion, { at: v.at, ...row, resourceVersion: v.resourceVersion, ...(v.changes ? { changes: v.changes } : {}) });
  }
  return [...rows.values()].sort((a, b) => Number(b.resourceVersion) - Number(a.resourceVersion) || b.resourceVersion.localeCompare(a.resourceVersion)).slice(0, max);
}
