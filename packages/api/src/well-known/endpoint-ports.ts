// Where each endpoint of a Service can be reached from any node (docs/networking.md). A pod IP
// is routable only on its own node's bridge, so every container port is published on the node's
// address; the Endpoints controller records the mapping in this annotation, which the agents'
// proxies and `skiff port-forward` read. The format lives here alone.
import type { Endpoints } from "../types.js";

/** JSON: `{ "<pod ip>": { "<port>/<protocol>": "<hostIP>:<hostPort>" } }`. */
export const ENDPOINT_PORTS_ANNOTATION = "skiff.dev/endpoint-ports";

const HOST_PORT = /^[^:]+:\d+$/;

export type EndpointPortTable = Record<string, Record<string, string>>;

export function endpointPortKey(port: number, protocol: string): string {
  return `${port}/${protocol}`;
}

/** The annotation's value for `table` (the Endpoints controller sorts it, so equal tables write equal text). */
export function formatEndpointPorts(table: EndpointPortTable): string {
  return JSON.stringify(table);
}

/** The table on an Endpoints object; a missing or malformed annotation reads as empty. */
export function readEndpointPorts(endpoints: Pick<Endpoints, "metadata">): EndpointPortTable {
  const text = endpoints.metadata.annotations?.[ENDPOINT_PORTS_ANNOTATION];
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    // fromEntries: a key named __proto__ stays a key.
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === "object" && !Array.isArray(e[1]))
        .map(([ip, ports]) => [ip, Object.fromEntries(Object.entries(ports).filter((e): e is [string, string] => typeof e[1] === "string" && HOST_PORT.test(e[1])))]),
    );
  } catch {
    return {};
  }
}
