// Where a probe looks, pure: the URL and headers of an httpGet, the address of a tcpSocket, a
// port given by number or by the name of one of the container's ports. The host is the pod's
// IP unless the probe names one; the agent probes from its own process (Docker's bridges are
// reachable from the host), so nothing has to be installed in the image.
import type { Container, HTTPGetAction, IntOrString, TCPSocketAction } from "@skiff/api/core";

export type Target<T> = { ok: true; value: T } | { ok: false; message: string };

export function resolvePort(port: IntOrString, container: Container): Target<number> {
  if (typeof port === "number") return { ok: true, value: port };
  if (/^\d+$/.test(port)) return { ok: true, value: Number(port) };
  const named = (container.ports ?? []).find((p) => p.name === port);
  return named ? { ok: true, value: named.containerPort } : { ok: false, message: `couldn't find port: ${port} in container ${container.name}` };
}

export interface HttpTarget {
  url: string;
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

export function httpTarget(action: HTTPGetAction, container: Container, podIP: string | undefined): Target<HttpTarget> {
  const port = resolvePort(action.port, container);
  if (!port.ok) return port;
  const host = action.host || podIP;
  if (!host) return { ok: false, message: "the pod has no IP address yet" };
  const scheme = (action.scheme ?? "HTTP").toLowerCase();
  let path = action.path || "/";
  if (!path.startsWith("/")) path = `/${path}`;
  // kubelet's headers, then the probe's (a `Host` header among them names the virtual host).
  const headers: Record<string, string> = { "User-Agent": "kube-probe/skiff", Accept: "*/*" };
  for (const h of action.httpHeaders ?? []) headers[h.name] = h.value;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return { ok: true, value: { url: `${scheme}://${hostPart}:${port.value}${path}`, host, port: port.value, path, headers } };
}

export function tcpTarget(action: TCPSocketAction, container: Container, podIP: string | undefined): Target<{ host: string; port: number }> {
  const port = resolvePort(action.port, container);
  if (!port.ok) return port;
  const host = action.host || podIP;
  if (!host) return { ok: false, message: "the pod has no IP address yet" };
  return { ok: true, value: { host, port: port.value } };
}

/** As kubelet: a status from 200 to 399 is a success. */
export const httpSuccess = (status: number): boolean => status >= 200 && status < 400;
