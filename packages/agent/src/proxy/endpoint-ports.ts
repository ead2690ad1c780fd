// Where each endpoint can be reached from any node: the format lives in @skiff/api
// (endpoint-ports.ts); this is the proxy's lookup over it.
import { endpointPortKey, readEndpointPorts, type Endpoints } from "@skiff/api/core";

export { ENDPOINT_PORTS_ANNOTATION } from "@skiff/api/core";

/** Finds the `host:port` that reaches a pod's port, if the pod's node published it. */
export type EndpointPortLookup = (podIP: string, port: number, protocol: string) => string | undefined;

export function endpointPorts(endpoints: Endpoints): EndpointPortLookup {
  const table = readEndpointPorts(endpoints);
  return (podIP, port, protocol) => table[podIP]?.[endpointPortKey(port, protocol)];
}
