// The trace steps (`skiff trace`'s, trace/) of one namespace as Server-Sent Events, for the
// Control loop's timeline: the steps kept, then each new one. RBAC as Api.Trace: whoever may list
// Events in the namespace (across namespaces with none). The page builds the story (Story in
// @skiff/api), as the CLI does; the stream opens only while a page shows a timeline.
import type { ServerResponse } from "node:http";
import { UnavailableError } from "@skiff/api";
import type { Authorizer, UserInfo } from "../authz/index.js";
import { traceSteps } from "../trace/follow.js";
import type { TraceRing } from "../trace/trace-ring.js";
import { openSse } from "./sse.js";

/** May `user` read the trace of `namespace` ("" for all)? Always with --insecure (no authorizer). */
export async function mayTrace(user: UserInfo | undefined, authz: Authorizer | undefined, namespace: string): Promise<boolean> {
  if (!authz || !user) return true;
  return (await authz.decide(user, { resourceRequest: true, verb: "list", apiGroup: "", resource: "events", subresource: "", namespace, name: "" })).allowed;
}

export async function serveTraceStream(res: ServerResponse, ring: TraceRing, namespace: string, shutdown: AbortSignal): Promise<void> {
  const sse = openSse(res, shutdown);
  try {
    for await (const step of traceSteps(ring, { namespace, follow: true, signal: sse.signal })) await sse.send(step);
  } catch (err) {
    // Fallen too far behind: the stream ends, the browser reconnects and starts over.
    if (!(err instanceof UnavailableError)) throw err;
  } finally {
    sse.end();
  }
}
