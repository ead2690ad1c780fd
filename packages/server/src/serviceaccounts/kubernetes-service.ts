// The `kubernetes` Service in `default` (ClusterIP, port 443 "https"), as the API server's own
// endpoint reconciler keeps it: no selector, and an Endpoints this code writes with the address of
// each server's Kubernetes API. The agents' proxy forwards the Service's address to that address
// (the endpoint-ports annotation, as for any Service), so a pod reaches the API at
// $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, or https://kubernetes.default.svc.
import { ENDPOINT_PORTS_ANNOTATION, endpointPortKey, formatEndpointPorts, readEndpointPorts, type ApiObject, type Endpoints } from "@skiff/api";

export const KUBERNETES_SERVICE = { namespace: "default", name: "kubernetes", port: 443, portName: "https" } as const;

/** The Service, and the Endpoints with `address` (`HOST:PORT`, this server's REST API) added to `existing`'s. */
export function kubernetesServiceObjects(address: string, existing?: Endpoints): ApiObject[] {
  const { host, port } = splitHostPort(address);
  const meta = { name: KUBERNETES_SERVICE.name, namespace: KUBERNETES_SERVICE.namespace, labels: { component: "apiserver", provider: "kubernetes" } };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta,
    spec: { type: "ClusterIP", ports: [{ name: KUBERNETES_SERVICE.portName, port: KUBERNETES_SERVICE.port, protocol: "TCP", targetPort: port }] },
  };
  const table = existing ? readEndpointPorts(existing) : {};
  table[host] = { [endpointPortKey(port, "TCP")]: `${host.includes(":") ? `[${host}]` : host}:${port}` };
  const hosts = Object.keys(table).sort();
  const endpoints = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { ...meta, annotations: { [ENDPOINT_PORTS_ANNOTATION]: formatEndpointPorts(table) } },
    // One subset per port: every server listens on its own port (tests run several on one host).
    subsets: hosts.map((ip) => {
      const p = Number(Object.keys(table[ip] ?? {})[0]?.split("/")[0] ?? port);
      return { addresses: [{ ip }], ports: [{ name: KUBERNETES_SERVICE.portName, port: p, protocol: "TCP" }] };
    }),
  };
  return [service, endpoints];
}

function splitHostPort(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!m) throw new Error(`not HOST:PORT: ${address}`);
  return { host: m[1]!, port: Number(m[2]) };
}

/** Write both through the object core (apply: created, updated or left as they are). */
export async function ensureKubernetesService(
  objects: { apply(raws: unknown[]): Promise<unknown>; get(ref: { kind: string; namespace?: string; name: string }): Promise<ApiObject> },
  address: string,
): Promise<void> {
  const existing = (await objects.get({ kind: "Endpoints", ...KUBERNETES_SERVICE }).catch(() => undefined)) as Endpoints | undefined;
  await objects.apply(kubernetesServiceObjects(address, existing));
}
