// The metrics.k8s.io/v1beta1 API (what `kubectl top` reads), served from the agents' latest
// usage reports kept in memory (nodes/usage.ts), as metrics-server serves it: NodeMetrics and
// PodMetrics, read-only (get, list). Discovery lists them with the other resources.
import type { IncomingMessage, ServerResponse } from "node:http";
import { METRICS_API_VERSION, type NodeMetrics, type PodMetrics } from "@skiff/api";
import { sendJson, sendStatus } from "./http.js";
import type { Resource } from "./resources.js";
import { notFound as objectNotFound, status } from "./status.js";

export interface UsageSource {
  nodes(): NodeMetrics[];
  pods(namespace?: string): PodMetrics[];
}

const PREFIX = `/apis/${METRICS_API_VERSION}/`;
const READ = ["get", "list"];

const resource = (kind: string, plural: string, singular: string, namespaced: boolean): Resource => ({
  group: "metrics.k8s.io",
  version: "v1beta1",
  resource: plural,
  kind,
  singular,
  namespaced,
  shortNames: [],
  categories: [],
  verbs: READ,
  subresources: [],
});

/** In discovery beside the kinds of the object core. */
export const USAGE_RESOURCES: Resource[] = [resource("NodeMetrics", "nodes", "", false), resource("PodMetrics", "pods", "", true)];

/** A path of a metrics.k8s.io resource (its group version document is discovery's). */
export function isUsagePath(pathname: string): boolean {
  return pathname.startsWith(PREFIX) && pathname.length > PREFIX.length;
}

export function serveUsage(pathname: string, usage: UsageSource, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") return sendStatus(res, status(405, "MethodNotAllowed", `${req.method} is not allowed on ${pathname}: metrics are read-only`));
  const rest = pathname.slice(PREFIX.length).split("/").filter(Boolean).map(decodeURIComponent);
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  const [plural, name, ...extra] = rest;
  if (extra.length > 0 || (plural === "nodes" && namespace !== undefined)) return notFound(res);
  if (plural === "nodes") return answer(res, "NodeMetrics", "nodes", usage.nodes(), name);
  if (plural === "pods") return answer(res, "PodMetrics", "pods", usage.pods(namespace), name);
  notFound(res);
}

function answer(res: ServerResponse, kind: string, plural: string, items: (NodeMetrics | PodMetrics)[], name: string | undefined): void {
  if (name === undefined) return sendJson(res, 200, { kind: `${kind}List`, apiVersion: METRICS_API_VERSION, metadata: {}, items });
  const found = items.find((i) => i.metadata.name === name);
  if (!found) return sendStatus(res, objectNotFound({ group: "metrics.k8s.io", resource: plural }, name));
  sendJson(res, 200, found);
}

function notFound(res: ServerResponse): void {
  sendStatus(res, status(404, "NotFound", "the server could not find the requested resource"));
}
