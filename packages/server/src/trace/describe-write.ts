// What a write to a workload or a pod means, as a step of its story: who made it (the user, a
// controller, the scheduler, a node's status report) and what changed. Pure: the previous summary
// of the object and its new state in, a step and the new summary out. Who wrote is read from the
// change itself, as a person reading a diff would: a spec change of an object no controller owns
// is the user's, one of an owned object is its owner's controller's; a pod's node is the
// scheduler's; a pod's status is what its node reported (node-session stored it).
import { storeRevisionOf, type ApiObject, type TraceStep } from "@skiff/api";

/** What is remembered of each object between its writes (small: the recorder keeps one per object). */
export interface WriteSummary {
  generation?: number;
  replicas?: number;
  images: string;
  restartedAt?: string;
  nodeName?: string;
  deleting: boolean;
  status: string;
}

export type WatchType = "ADDED" | "MODIFIED" | "DELETED";

interface Loose {
  spec?: { replicas?: number; nodeName?: string; containers?: { name: string; image?: string }[]; template?: { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: { name: string; image?: string }[] } } };
  status?: Record<string, unknown> & { phase?: string; containerStatuses?: { name: string; ready?: boolean; state?: Record<string, { reason?: string } | undefined> }[] };
}

export const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

export function summarize(o: ApiObject): WriteSummary {
  const l = o as unknown as Loose;
  const containers = l.spec?.template?.spec?.containers ?? l.spec?.containers ?? [];
  return {
    ...(o.metadata.generation !== undefined ? { generation: o.metadata.generation } : {}),
    ...(l.spec?.replicas !== undefined ? { replicas: l.spec.replicas } : {}),
    images: containers.map((c) => `${c.name}=${c.image ?? ""}`).join(" "),
    ...(l.spec?.template?.metadata?.annotations?.[RESTARTED_AT] ? { restartedAt: l.spec.template.metadata.annotations[RESTARTED_AT] } : {}),
    ...(l.spec?.nodeName ? { nodeName: l.spec.nodeName } : {}),
    deleting: Boolean(o.metadata.deletionTimestamp),
    status: statusWords(o),
  };
}

/** The step a write makes in its object's story; undefined when it changes nothing a story tells. */
export function describeWrite(type: WatchType, o: ApiObject, revision: number, before: WriteSummary | undefined): Omit<TraceStep, "at"> | undefined {
  const now = summarize(o);
  const owner = o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];
  const controller = owner ? `${owner.kind.toLowerCase()}-controller` : "user";
  const base = {
    revision: storeRevisionOf(o.metadata.resourceVersion) ?? revision,
    kind: o.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
    ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
    ...(o.metadata.ownerReferences?.length ? { ownerUids: o.metadata.ownerReferences.map((r) => r.uid) } : {}),
    ...(now.nodeName ? { node: now.nodeName } : {}),
  };
  if (type === "ADDED") {
    const by = owner ? ` by ${owner.kind} ${owner.name}` : "";
    return { ...base, component: controller, step: "created", detail: `${created(o, now)}${by}` };
  }
  if (type === "DELETED") {
    // A pod whose deletion waited for its node ends when the node says its containers stopped;
    // one deleted at once (grace 0) is gone first, and its node is told to stop them after.
    if (o.kind === "Pod" && now.nodeName && before?.deleting) {
      return { ...base, revision, component: "node-session", step: "removed", detail: `gone from the store: its containers on ${now.nodeName} have stopped` };
    }
    const after = o.kind === "Pod" && now.nodeName ? `: ${now.nodeName} is told to stop its containers` : "";
    return { ...base, revision, component: controller, step: "removed", detail: `deleted from the store at once${after}` };
  }
  if (!before) return undefined;
  if (now.deleting && !before.deleting) {
    return { ...base, component: controller, step: "deleting", detail: "deletion requested: the object stays until its node or finalizers let it go" };
  }
  if (o.kind === "Pod" && now.nodeName && !before.nodeName) {
    return { ...base, component: "scheduler", step: "bound", detail: `spec.nodeName set to ${now.nodeName}` };
  }
  const changes = specChanges(before, now);
  if (changes.length > 0) return { ...base, component: controller, step: "spec changed", detail: `${changes.join(", ")}${now.generation !== undefined ? ` (generation ${now.generation})` : ""}` };
  if (now.status !== before.status && now.status !== "") {
    if (o.kind === "Pod") return { ...base, component: "node-session", step: "status stored", detail: now.status };
    return { ...base, component: `${o.kind.toLowerCase()}-controller`, step: "status", detail: now.status };
  }
  return undefined;
}

function created(o: ApiObject, s: WriteSummary): string {
  const parts = [s.replicas !== undefined ? `replicas ${s.replicas}` : "", s.images ? `containers ${s.images}` : ""].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : `${o.kind} made`;
}

function specChanges(a: WriteSummary, b: WriteSummary): string[] {
  const out: string[] = [];
  if (a.replicas !== b.replicas) out.push(`replicas ${a.replicas ?? "-"} -> ${b.replicas ?? "-"}`);
  if (a.images !== b.images) out.push(`containers ${b.images}`);
  if (a.restartedAt !== b.restartedAt) out.push(`restart requested at ${b.restartedAt ?? "-"} (pod template annotation ${RESTARTED_AT})`);
  if (out.length === 0 && a.generation !== b.generation) out.push("spec changed");
  return out;
}

/** The status in a few words: a pod's phase and containers, a workload's replica counts. */
export function statusWords(o: ApiObject): string {
  const status = (o as unknown as Loose).status;
  if (!status) return "";
  if (o.kind === "Pod") {
    const containers = (status.containerStatuses ?? []).map((c) => {
      const [state, detail] = Object.entries(c.state ?? {}).find(([, v]) => v !== undefined) ?? ["unknown", undefined];
      return `${c.name} ${state}${detail?.reason ? ` (${detail.reason})` : ""}${c.ready ? ", ready" : ""}`;
    });
    return [`phase ${status.phase ?? "Pending"}`, ...containers].join("; ");
  }
  const counts = ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"]
    .filter((k) => typeof status[k] === "number")
    .map((k) => `${k.replace(/Replicas$/, "")} ${String(status[k])}`);
  return counts.join(", ");
}
