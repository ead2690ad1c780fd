// The Service environment variables kubelet gives every container (enableServiceLinks): for each
// Service of the pod's namespace that exists when the container is made, its address and ports
// the way Kubernetes spells them, and the older Docker-links style. Pure. The address is the
// Service's node-local one (docs/networking.md), the one this node's proxy listens on; a
// headless Service (no address) gets none. As in Kubernetes, the values are fixed when the
// container is made (a Service made later is not in them), and never hashed: a Service that
// comes or goes restarts nothing.
import type { Service } from "@skiff/api/core";
import { serviceAddress, type ServiceMap } from "../network/node-network.js";

const isKubernetesService = (s: Service) => s.metadata.name === "kubernetes" && (s.metadata.namespace ?? "default") === "default";

/** `my-svc` -> `MY_SVC` (kubelet's makeEnvVariableName). */
export const envName = (name: string): string => name.toUpperCase().replace(/-/g, "_");

export function serviceEnv(services: readonly Service[], namespace: string, nodeIndex: number | ServiceMap): Map<string, string> {
  const env = new Map<string, string>();
  // The API's own Service (`default/kubernetes`) is in every pod's variables, as kubelet's master service.
  const mine = services.filter((s) => (s.metadata.namespace ?? "default") === namespace || isKubernetesService(s));
  for (const svc of [...mine].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const ip = serviceAddress(nodeIndex, svc.spec.clusterIP);
    const first = svc.spec.ports[0];
    if (!ip || !first) continue;
    const prefix = envName(svc.metadata.name);
    env.set(`${prefix}_SERVICE_HOST`, ip);
    env.set(`${prefix}_SERVICE_PORT`, String(first.port));
    for (const p of svc.spec.ports) if (p.name) env.set(`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    // Docker links: FOO_PORT=tcp://ip:port (the first port), and each port's own four.
    svc.spec.ports.forEach((p, i) => {
      const protocol = p.protocol ?? "TCP";
      const url = `${protocol.toLowerCase()}://${ip}:${p.port}`;
      if (i === 0) env.set(`${prefix}_PORT`, url);
      const portPrefix = `${prefix}_PORT_${p.port}_${protocol}`;
      env.set(portPrefix, url);
      env.set(`${portPrefix}_PROTO`, protocol.toLowerCase());
      env.set(`${portPrefix}_PORT`, String(p.port));
      env.set(`${portPrefix}_ADDR`, ip);
    });
  }
  return env;
}
