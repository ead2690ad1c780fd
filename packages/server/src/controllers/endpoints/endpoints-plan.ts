// What a Service's Endpoints should hold, and whether the stored one must change. Pure.
//
//   pods matching the selector, not finished, not being deleted, with an IP
//     -> one address each: ready (Ready condition True) in `addresses`, else `notReadyAddresses`
//     -> its ports: each Service port's targetPort, resolved in that pod (a named targetPort is the
//        container port of that name; a pod without it is left out of that port)
//     -> addresses with the same ports share one subset (Kubernetes' RepackSubsets)
//   plus, skiff's own: where each endpoint is published on its node (ENDPOINT_PORTS_ANNOTATION).
import { isDeepStrictEqual } from "node:util";
import { isTerminalPhase, type EndpointAddress, type EndpointPort, type EndpointSubset, type Endpoints, type OwnerReference, type Pod, type Service, type ServicePort } from "@skiff/api";
import { controllerRef } from "../owners.js";
import { isReady } from "../replicaset/pod-state.js";

/**
 * Where the proxy reaches each endpoint from any node: the pod's container port as published on
 * its node's address (the pod status' `hostPorts`, reported by the agent), for every address
 * (ready or not) and every port of its subset that the agent has published. The annotation's
 * format, and its reader, are @skiff/api's (well-known/endpoint-ports.ts).
 */
export { ENDPOINT_PORTS_ANNOTATION } from "@skiff/api";
import { ENDPOINT_PORTS_ANNOTATION, formatEndpointPorts, type EndpointPortTable } from "@skiff/api";

export interface DesiredEndpoints {
  subsets: EndpointSubset[];
  published: EndpointPortTable;
}

export type EndpointsAction = { type: "none" } | { type: "create"; endpoints: Endpoints } | { type: "update"; endpoints: Endpoints };

/** Does the Service manage its Endpoints? Only with a non-empty selector (else the user does). */
export function managesEndpoints(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0 && !svc.metadata.deletionTimestamp;
}

export function selects(svc: Service, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(svc.spec?.selector ?? {}).every(([k, v]) => labels[k] === v);
}

export function desiredEndpoints(svc: Service, pods: readonly Pod[]): DesiredEndpoints {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const published: EndpointPortTable = {};
  for (const pod of pods) {
    if (!isEndpoint(svc, pod)) continue;
    const ip = pod.status?.podIP ?? "";
    const ports = (svc.spec.ports ?? []).flatMap((p) => resolvePort(p, pod));
    if (svc.spec.ports.length > 0 && ports.length === 0) continue;
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, ready: [], notReady: [] };
    groups.set(key, group);
    (isReady(pod) ? group.ready : group.notReady).push(addressOf(svc, pod));
    const where = publishedPorts(pod, ports);
    if (Object.keys(where).length > 0) published[ip] = where;
  }
  const subsets = [...groups.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, g]): EndpointSubset => ({
      ...(g.ready.length ? { addresses: g.ready.sort(byIP) } : {}),
      ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIP) } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
  return { subsets, published: sortedKeys(published) };
}

/**
 * The write that makes `existing` (the stored Endpoints, if any) match `svc` and `pods`. `meta`
 * gives a new object its uid and creation time. Labels are the Service's, as in Kubernetes.
 */
export function planEndpoints(svc: Service, pods: readonly Pod[], existing: Endpoints | undefined, meta: { uid: string; now: Date }): EndpointsAction {
  if (!managesEndpoints(svc)) return { type: "none" };
  const { subsets, published } = desiredEndpoints(svc, pods);
  const annotations = { ...existing?.metadata.annotations, [ENDPOINT_PORTS_ANNOTATION]: formatEndpointPorts(published) };
  const owner = controllerRef(svc);
  const ownerReferences: OwnerReference[] = [...(existing?.metadata.ownerReferences ?? []).filter((r) => !r.controller), owner];
  const labels = svc.metadata.labels;
  const endpoints: Endpoints = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      ...(existing?.metadata ?? { uid: meta.uid, creationTimestamp: meta.now.toISOString() }),
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      annotations,
      ownerReferences,
    },
    ...(subsets.length ? { subsets } : {}),
  };
  if (labels && Object.keys(labels).length) endpoints.metadata.labels = labels;
  else delete endpoints.metadata.labels;
  if (!existing) return { type: "create", endpoints };
  return sameContent(existing, endpoints) ? { type: "none" } : { type: "update", endpoints };
}

function isEndpoint(svc: Service, pod: Pod): boolean {
  return (
    selects(svc, pod) &&
    !pod.metadata.deletionTimestamp &&
    !isTerminalPhase(pod.status?.phase) &&
    !!pod.status?.podIP &&
    (pod.metadata.namespace ?? "default") === (svc.metadata.namespace ?? "default")
  );
}

/** The Service port as this pod serves it, or nothing when a named targetPort is not in the pod. */
function resolvePort(p: ServicePort, pod: Pod): EndpointPort[] {
  const protocol = p.protocol ?? "TCP";
  const target = p.targetPort ?? p.port;
  let port: number | undefined;
  if (typeof target === "number") port = target;
  else if (/^\d+$/.test(target)) port = Number(target);
  else {
    const named = pod.spec.containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === target && (cp.protocol ?? "TCP") === protocol);
    port = named?.containerPort;
  }
  if (port === undefined) return [];
  return [{ ...(p.name !== undefined ? { name: p.name } : {}), port, protocol }];
}

function addressOf(svc: Service, pod: Pod): EndpointAddress {
  const address: EndpointAddress = { ip: pod.status?.podIP ?? "" };
  // A StatefulSet pod whose subdomain is this Service gets its DNS name <hostname>.<service>.
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name) address.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace ?? "default", uid: pod.metadata.uid ?? "" };
  return address;
}

/** `{ "8080/TCP": "127.0.0.4:49153" }` for the ports of `ports` the agent has published. */
function publishedPorts(pod: Pod, ports: readonly EndpointPort[]): Record<string, string> {
  const reported = pod.status?.hostPorts ?? [];
  const out: Record<string, string> = {};
  for (const p of ports) {
    const protocol = p.protocol ?? "TCP";
    const hp = reported.find((h) => h.containerPort === p.port && (h.protocol ?? "TCP") === protocol);
    if (!hp) continue;
    // An unspecified host address means "every address of the node": reach it on the node's.
    const host = hp.hostIP && hp.hostIP !== "0.0.0.0" ? hp.hostIP : pod.status?.hostIP;
    if (host) out[`${p.port}/${protocol}`] = `${host}:${hp.hostPort}`;
  }
  return sortedKeys(out);
}

function sameContent(a: Endpoints, b: Endpoints): boolean {
  const view = (e: Endpoints) => [e.subsets ?? [], e.metadata.labels ?? {}, e.metadata.annotations ?? {}, e.metadata.ownerReferences ?? []];
  return isDeepStrictEqual(view(a), view(b));
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byIP = (a: EndpointAddress, b: EndpointAddress) => compare(ipSortKey(a.ip), ipSortKey(b.ip)) || compare(a.targetRef?.name ?? "", b.targetRef?.name ?? "");
const ipSortKey = (ip: string) => ip.split(".").map((o) => o.padStart(3, "0")).join(".");
