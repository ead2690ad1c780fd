// The Kubernetes REST edge, measured at its one seam (kube/handler.ts calls this once per
// request, when the response has finished): verbs named as the Kubernetes API server names them.
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

/** Kubernetes' request verb (apiserver_request_total's `verb` label). */
export function restVerb(r: RestRequest): string {
  if (r.watch) return "watch";
  switch (r.method) {
    case "GET":
    case "HEAD":
      return r.named ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return r.named ? "delete" : "deletecollection";
    default:
      return r.method.toLowerCase();
  }
}

export function countRestRequest(metrics: ServerMetrics | undefined, r: RestRequest, code: number, seconds: number): void {
  if (!metrics) return;
  const verb = r.subresource ? `${restVerb(r)}/${r.subresource}` : restVerb(r);
  metrics.apiRequests.inc({ edge: "rest", verb, kind: r.kind, code: String(code) });
  metrics.apiLatency.observe({ edge: "rest", verb, kind: r.kind }, seconds);
}
