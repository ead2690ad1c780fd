// The dashboard's one live stream per browser: Server-Sent Events carrying the watch events of
// every kind the pages show, each kind only if the user may watch it (RBAC, as `kubectl get -w`).
// Each kind starts with its current objects as ADDED, then every change, in store order; a watch
// the store can no longer continue (410 Expired) starts that kind again with a RESET.
import type { ServerResponse } from "node:http";
import { ExpiredError, type ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import type { Authorizer, UserInfo } from "../authz/index.js";

/** The kinds the pages show, with the RBAC resource that guards each. */
export const STREAMED_KINDS = [
  { kind: "Node", apiGroup: "", resource: "nodes" },
  { kind: "Pod", apiGroup: "", resource: "pods" },
  { kind: "Deployment", apiGroup: "apps", resource: "deployments" },
  { kind: "ReplicaSet", apiGroup: "apps", resource: "replicasets" },
  { kind: "Event", apiGroup: "", resource: "events" },
] as const;

/** A comment line now and then, so that a dead browser is noticed and proxies keep the stream open. */
const KEEPALIVE_MS = 20_000;

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
  const done = new AbortController();
  res.on("close", () => done.abort());
  const signal = AbortSignal.any([done.signal, shutdown]);
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, private", "X-Accel-Buffering": "no" });
  res.flushHeaders();
  const send = async (m: StreamMessage) => {
    if (signal.aborted) return;
    // A slow browser: wait for it to drain, or to be gone (then the watches end with the signal).
    if (!res.write(`data: ${JSON.stringify(m)}\n\n`)) await new Promise((r) => (res.once("drain", r), res.once("close", r)));
  };
  for (const kind of kinds.refused) await send({ type: "FORBIDDEN", kind });
  const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
  try {
    await Promise.all(kinds.allowed.map((kind) => follow(kind, objects, send, signal)));
  } finally {
    clearInterval(keepalive);
    res.end();
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
