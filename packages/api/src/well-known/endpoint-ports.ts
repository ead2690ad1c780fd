// Where each endpoint of a Service can be reached from any node (docs/networking.md). A pod IP
// is routable only on its own node's bridge, so every container port is published on the node's
// address; the Endpoints controller records the mapping in this annotation, which the agents'
// proxies and `skiff port-forward` read. The format lives here alone.
import type { Endpoints } from "./types.js";

/** JSON: `{ "<pod ip>": { "<port>/<protocol>": "<hostIP>:<hostPort>" } }`. */
export const ENDPOINT_PORTS_ANNOTATION = "skiff.dev/endpoint-ports";

export type EndpointPortTable = Record<string, Record<string, string>>;

export function endpointPortKey(port: number, protocol: string): string {
  return `${port}/${protocol}`;
}

/** The table on an Endpoints object; a missing or malformed annotation reads as empty. */
export function readEndpointPorts(endpoints: Pick<Endpoints, "metadata">): EndpointPortTable {
  const text = endpoints.metadata.annotations?.[ENDPOINT_PORTS_ANNOTATION];
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object") return {};
    const table: EndpointPortTable = {};
    for (const [ip, ports] of Object.entries(value as Record<string, unknown>)) {
      if (!ports || typeof ports !== "object") continue;
      const ok = Object.entries(ports as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === "string" && /^[^:]+:\d+$/.test(e[1]),
      );
      table[ip] = Object.fromEntries(ok);
    }
    return table;
  } catch {
    return {};
  }
}
