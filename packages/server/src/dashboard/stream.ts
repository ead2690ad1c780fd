// The dashboard's one live stream per browser: Server-Sent Events carrying the watch events of
// every kind the pages show, each kind only if the user may watch it (RBAC, as `kubectl get -w`).
// Each kind starts with its current objects as ADDED, then every change, in store order; a watch
// the store can no longer continue (410 Expired) starts that kind again with a RESET.
import type { ServerResponse } from "node:http";
import { ExpiredError, type ApiObject } from "@skiff/api";
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
  type: "ADDED" | "MODIFIED" | "DELETED" | "RESET" | "FORBIDDEN";
  kind: string;
  object?: ApiObject;
}

/** The kinds `user` may watch across namespaces (all of them with --insecure: no authorizer). */
export async function watchableKinds(user: UserInfo | undefined, authz: Authorizer | undefined): Promise<{ allowed: string[]; refused: string[] }> {
  const allowed: string[] = [];
  const refused: string[] = [];
  for (const k of STREAMED_KINDS) {
    const ok = !authz || !user || (await authz.decide(user, { resourceRequest: true, verb: "watch", apiGroup: k.apiGroup, resource: k.resource, subresource: "", namespace: "", name: "" })).allowed;
    (ok ? allowed : refused).push(k.kind);
  }
  return { allowed, refused };
}

export async function serveStream(res: ServerResponse, objects: ObjectService, kinds: { allowed: string[]; refused: string[] }, shutdown: AbortSignal): Promise<void> {
  const sse = openSse(res, shutdown);
  const send = (m: StreamMessage) => sse.send(m);
  try {
    for (const kind of kinds.refused) await send({ type: "FORBIDDEN", kind });
    await Promise.all(kinds.allowed.map((kind) => follow(kind, objects, send, sse.signal)));
  } finally {
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
