// Where each endpoint can be reached from any node. A pod IP is only routable on its own node's
// bridge, so every container port is published by the pod's infra container on its node's
// address, and the control plane records the mapping on the Endpoints object. The format lives
// here alone: a change of format is an edit of this file.
import type { Endpoints } from "@skiff/api";

/** `{ "<pod ip>": { "<port>/<protocol>": "<hostIP>:<hostPort>" } }`, as JSON. */
export const ENDPOINT_PORTS_ANNOTATION = "skiff.dev/endpoint-ports";

/** Finds the `host:port` that reaches a pod's port, if the pod's node published it. */
export type EndpointPortLookup = (podIP: string, port: number, protocol: string) => string | undefined;

export function endpointPorts(endpoints: Endpoints): EndpointPortLookup {
  const table = parse(endpoints.metadata.annotations?.[ENDPOINT_PORTS_ANNOTATION]);
  return (podIP, port, protocol) => {
    const target = table[podIP]?.[`${port}/${protocol}`];
    return typeof target === "string" && /^[^:]+:\d+$/.test(target) ? target : undefined;
  };
}

function parse(text: string | undefined): Record<string, Record<string, unknown> | undefined> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    // A malformed annotation means no endpoint is reachable: the Service gets no backends.
    return value && typeof value === "object" ? (value as Record<string, Record<string, unknown>>) : {};
  } catch {
    return {};
  }
}
