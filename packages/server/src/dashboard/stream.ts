// The dashboard's one live stream per browser: Server-Sent Events carrying the watch events of
// every kind the pages show, each kind only if the user may watch it (RBAC, as `kubectl get -w`).
// Each kind starts with its current objects as ADDED, then every change, in store order; a watch
// the store can no longer continue (410 Expired) starts that kind again with a RESET.
import type { ServerResponse } from "node:http";
import { ExpiredError, type ApiObject, type NodeMetrics, type PodMetrics } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import type { Authorizer, UserInfo } from "../authz/index.js";
import { openSse } from "./sse.js";

/** The kinds the pages show, with the RBAC resource that guards each. */
export const STREAMED_KINDS = [
  { kind: "Node", apiGroup: "", resource: "nodes" },
  { kind: "Pod", apiGroup: "", resource: "pods" },
  { kind: "Deployment", apiGroup: "apps", resource: "deployments" },
  { kind: "ReplicaSet", apiGroup: "apps", resource: "replicasets" },
  { kind: "StatefulSet", apiGroup: "apps", resource: "statefulsets" },
  { kind: "DaemonSet", apiGroup: "apps", resource: "daemonsets" },
  { kind: "Event", apiGroup: "", resource: "events" },
] as const;

export interface StreamMessage {
  type: "ADDED" | "MODIFIED" | "DELETED" | "RESET" | "FORBIDDEN" | "USAGE";
  kind: string;
  object?: ApiObject;
  /** USAGE: a node's latest report (metrics.k8s.io), its own and its pods'. */
  usage?: { node: NodeMetrics; pods: PodMetrics[] };
}

/** The agents' usage reports as they come with their heartbeats (nodes/usage.ts). */
export interface UsageFeed {
  follow(follower: (report: { node: NodeMetrics; pods: PodMetrics[] }) => void): () => void;
}

/** Usage is sent to whoever may list both metrics.k8s.io resources across namespaces (`kubectl top`). */
const USAGE_RESOURCES = ["nodes", "pods"];

/** The kinds `user` may watch across namespaces (all of them with --insecure: no authorizer). */
export async function watchableKinds(user: UserInfo | undefined, authz: Authorizer | undefined): Promise<{ allowed: string[]; refused: string[]; usage: boolean }> {
  const may = async (verb: string, apiGroup: string, resource: string) =>
    !authz || !user || (await authz.decide(user, { resourceRequest: true, verb, apiGroup, resource, subresource: "", namespace: "", name: "" })).allowed;
  const allowed: string[] = [];
  const refused: string[] = [];
  for (const k of STREAMED_KINDS) ((await may("watch", k.apiGroup, k.resource)) ? allowed : refused).push(k.kind);
  let usage = true;
  for (const r of USAGE_RESOURCES) usage &&= await may("list", "metrics.k8s.io", r);
  return { allowed, refused, usage };
}

export async function serveStream(res: ServerResponse, objects: ObjectService, kinds: { allowed: string[]; refused: string[]; usage?: boolean }, shutdown: AbortSignal, usage?: UsageFeed): Promise<void> {
  const sse = openSse(res, shutdown);
  const send = (m: StreamMessage) => sse.send(m);
  // Usage comes as the agents report it (a heartbeat), not by asking: a report is dropped, not
  // queued, while the browser is slow (the next one replaces it anyway).
  const stopUsage = usage && kinds.usage ? usage.follow((report) => sse.busy || void send({ type: "USAGE", kind: "NodeMetrics", usage: report })) : undefined;
  try {
    for (const kind of kinds.refused) await send({ type: "FORBIDDEN", kind });
    await Promise.all(kinds.allowed.map((kind) => follow(kind, objects, send, sse.signal)));
  } finally {
    stopUsage?.();
    sse.end();
  }
}

async function follow(kind: string, objects: ObjectService, send: (m: StreamMessage) => Promise<void>, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      for await (const ev of objects.watch({ kind, signal })) await send({ type: ev.type as StreamMessage["type"], kind, object: ev.object });
      return;
    } catch (err) {
      if (signal.aborted) return;
      if (!(err instanceof ExpiredError)) throw err;
      await send({ type: "RESET", kind });
    }
  }
}
