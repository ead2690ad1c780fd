// `logs deployment/web`, `logs job/pi`, `logs svc/web`: which of an object's pods to read, as
// kubectl chooses (polymorphichelpers' AttachablePodForObject, sorted by podutils.ByLogging).
import { selectorString, type ApiObject, type LabelSelector, type Pod } from "@skiff/api";
import { UserError } from "./errors.js";

/** The label selector of the pods `obj` stands for, in selector syntax. */
export function podSelectorOf(obj: ApiObject): string {
  const spec = (obj as ApiObject<{ selector?: LabelSelector | Record<string, string> }>).spec ?? {};
  if (obj.kind === "Service") {
    const map = (spec.selector ?? {}) as Record<string, string>;
    const s = Object.entries(map)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    if (!s) throw new UserError(`cannot attach to ${obj.kind.toLowerCase()}/${obj.metadata.name}: the Service has no selector`);
    return s;
  }
  const s = selectorString(spec.selector as LabelSelector | undefined);
  if (!s || s === "<invalid>") throw new UserError(`cannot attach to ${obj.kind.toLowerCase()}/${obj.metadata.name}: it has no pod selector`);
  return s;
}

const PHASE_ORDER: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

const ready = (p: Pod) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
const readySince = (p: Pod) => p.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime ?? "";
const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));

/** kubectl's ByLogging: negative when `a` is the better pod to read the logs of. */
export function byLogging(a: Pod, b: Pod): number {
  const na = a.spec.nodeName ?? "";
  const nb = b.spec.nodeName ?? "";
  // 1. bound to a node before not yet bound
  if (na !== nb && (!na || !nb)) return na ? -1 : 1;
  // 2. Running, then Unknown, then Pending (a finished pod counts as Running, as in kubectl)
  const pa = PHASE_ORDER[a.status?.phase ?? ""] ?? 0;
  const pb = PHASE_ORDER[b.status?.phase ?? ""] ?? 0;
  if (pa !== pb) return pa - pb;
  // 3. ready before not ready; 4. of two ready, ready for longer
  if (ready(a) !== ready(b)) return ready(a) ? -1 : 1;
  if (ready(a) && readySince(a) !== readySince(b)) return olderFirst(readySince(a), readySince(b));
  // 5. more restarts first; 6. older first
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return olderFirst(a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? "");
}

/** Earlier times first, a missing one last (RFC 3339 times order as text). */
function olderFirst(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return a < b ? -1 : 1;
}

/** The pod to read, or undefined when there is none. */
export function podForLogs(pods: readonly Pod[]): Pod | undefined {
  return [...pods].sort(byLogging)[0];
}
