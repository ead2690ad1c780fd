// The Kubernetes REST edge, measured at its one seam (kube/handler.ts calls this once per
// request, when the response has finished): verbs named as the Kubernetes API server names them.
import { requestVerb } from "../authz/rest-attributes.js";
import type { ServerMetrics } from "./server-metrics.js";

export interface RestRequest {
  method: string;
  /** The kind the path names; "" for discovery, /metrics and unknown paths. */
  kind: string;
  /** Whether the path names one object (GET one is `get`, GET many is `list`). */
  named: boolean;
  watch: boolean;
  subresource?: string;
}

/** Kubernetes' request verb (apiserver_request_total's `verb` label), as the authorizer names it. */
export function restVerb(r: RestRequest): string {
  return requestVerb(r.method, r.named, r.watch);
}

export function countRestRequest(metrics: ServerMetrics | undefined, r: RestRequest, code: number, seconds: number): void {
  if (!metrics) return;
  const verb = r.subresource ? `${restVerb(r)}/${r.subresource}` : restVerb(r);
  metrics.apiRequests.inc({ edge: "rest", verb, kind: r.kind, code: String(code) });
  metrics.apiLatency.observe({ edge: "rest", verb, kind: r.kind }, seconds);
}
