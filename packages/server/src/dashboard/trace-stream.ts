// The trace steps (`skiff trace`'s, trace/) of one namespace as Server-Sent Events, for the
// Control loop's timeline: the steps kept, then each new one. RBAC as Api.Trace: whoever may list
// Events in the namespace (across namespaces with none). The page builds the story (Story in
// @skiff/api), as the CLI does; the stream opens only while a page shows a timeline. With several
// servers (HA), each keeps only its own agents' and components' steps: the other servers are asked
// too, as the user, and their steps merged in, each write once (as `skiff trace` does).
import type { ServerResponse } from "node:http";
import { UnavailableError, type TraceStep } from "@skiff/api";
import { SkiffClient, mergeTraces } from "@skiff/client";
import type { Authorizer, UserInfo } from "../authz/index.js";
import { traceSteps } from "../trace/follow.js";
import type { TraceRing } from "../trace/trace-ring.js";
import { openSse } from "./sse.js";

/** May `user` read the trace of `namespace` ("" for all)? Always with --insecure (no authorizer). */
export async function mayTrace(user: UserInfo | undefined, authz: Authorizer | undefined, namespace: string): Promise<boolean> {
  if (!authz || !user) return true;
  return (await authz.decide(user, { resourceRequest: true, verb: "list", apiGroup: "", resource: "events", subresource: "", namespace, name: "" })).allowed;
}

/** How this server reaches the others, as the dashboard's user. */
export interface TracePeers {
  /** The other running servers' gRPC addresses (none without HA). */
  addresses(): string[];
  /** The cluster CA the servers' certificates chain to; absent with --insecure. */
  ca?: string;
}

export async function serveTraceStream(res: ServerResponse, ring: TraceRing, namespace: string, shutdown: AbortSignal, peers?: TracePeers, token?: string): Promise<void> {
  const sse = openSse(res, shutdown);
  const others = peers?.addresses() ?? [];
  const client = others.length > 0 ? new SkiffClient({ server: others.join(","), ...(peers?.ca ? { ca: peers.ca, ...(token ? { token } : {}) } : { insecure: true }) }) : undefined;
  // Fallen too far behind this server's ring: the stream ends, the browser reconnects and starts over.
  const behind = new AbortController();
  const own = async function* (signal: AbortSignal): AsyncGenerator<TraceStep> {
    try {
      yield* traceSteps(ring, { namespace, follow: true, signal });
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      behind.abort();
    }
  };
  // A peer that does not answer is left out (mergeTraces); the stream goes on with the others.
  const sources = [own, ...(client ? [(signal: AbortSignal): AsyncIterable<TraceStep> => client.trace({ namespace, follow: true, signal })] : [])];
  try {
    for await (const step of mergeTraces(sources, AbortSignal.any([sse.signal, behind.signal]))) await sse.send(step);
  } finally {
    client?.close();
    sse.end();
  }
}
