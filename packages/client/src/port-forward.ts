// Port forwarding (kubectl port-forward): a local TCP port whose connections reach a pod's port or
// a Service's ready endpoints. skiff needs no tunnel through the server for it: every container
// port is published on its node's address (docs/networking.md), so the client connects there.
//
//   pod/NAME PORT -> the pod's `status.hostPorts` entry for container port PORT
//   svc/NAME PORT -> the Service port PORT (number or name); for each connection, the next ready
//                    endpoint of it (round-robin), as published in the Endpoints' annotation
//                    `skiff.dev/endpoint-ports`; a failed connect tries the next endpoint
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { endpointPortKey, readEndpointPorts, type Endpoints, type Pod, type Service, type ServicePort } from "@skiff/api";

/** `8080:80` -> local 8080, remote 80; `80` -> both 80; `:80` -> any free local port. */
export interface PortPair {
  local: number;
  remote: string;
}

export class PortForwardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortForwardError";
  }
}

export function parsePortPair(spec: string): PortPair {
  const parts = spec.split(":");
  const [localText, remoteText] = parts.length === 1 ? [parts[0], parts[0]] : parts;
  const bad = () => new PortForwardError(`invalid port "${spec}": expected PORT, LOCAL:PORT or :PORT`);
  if (parts.length > 2 || !remoteText) throw bad();
  const local = localText === "" ? 0 : Number(localText);
  if (!Number.isInteger(local) || local < 0 || local > 65535) throw bad();
  if (/^\d+$/.test(remoteText) && (Number(remoteText) < 1 || Number(remoteText) > 65535)) throw bad();
  if (parts.length === 1 && !/^\d+$/.test(remoteText)) throw bad();
  return { local, remote: remoteText };
}

/** The Service port a `port-forward svc/NAME ...:PORT` names: by number, else by name. */
export function servicePortFor(svc: Service, remote: string): ServicePort {
  const ports = svc.spec?.ports ?? [];
  const found = /^\d+$/.test(remote) ? ports.find((p) => p.port === Number(remote)) : ports.find((p) => p.name === remote);
  if (!found) throw new PortForwardError(`Service ${svc.metadata.name} does not have a service port ${remote}`);
  return found;
}

/** `host:port` of every ready endpoint of `port` (a Service port), from the Endpoints. */
export function serviceBackends(endpoints: Endpoints | undefined, port: ServicePort): string[] {
  if (!endpoints) return [];
  const published = readEndpointPorts(endpoints);
  const protocol = port.protocol ?? "TCP";
  const out: string[] = [];
  for (const subset of endpoints.subsets ?? []) {
    // The subset's port for this Service port: the one of the same name (unnamed when it has none).
    const ep = (subset.ports ?? []).find((p) => (p.name ?? "") === (port.name ?? "") && (p.protocol ?? "TCP") === protocol);
    if (!ep) continue;
    for (const a of subset.addresses ?? []) {
      const target = published[a.ip]?.[endpointPortKey(ep.port, protocol)];
      if (target) out.push(target);
    }
  }
  return out;
}

/** `host:port` where the pod's container port is published on its node. */
export function podBackend(pod: Pod, remote: string): string {
  const name = pod.metadata.name;
  if (pod.status?.phase !== "Running") {
    throw new PortForwardError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? "Pending"}`);
  }
  const containerPorts = pod.spec.containers.flatMap((c) => c.ports ?? []);
  const port = /^\d+$/.test(remote) ? Number(remote) : containerPorts.find((p) => p.name === remote)?.containerPort;
  if (port === undefined) throw new PortForwardError(`pod ${name} has no container port named "${remote}"`);
  const hostPorts = pod.status?.hostPorts ?? [];
  const hp = hostPorts.find((h) => h.containerPort === port && (h.protocol ?? "TCP") === "TCP");
  const host = hp?.hostIP && hp.hostIP !== "0.0.0.0" ? hp.hostIP : pod.status?.hostIP;
  if (!hp || !host) {
    throw new PortForwardError(`pod ${name} does not publish port ${port}: only the ports its containers declare (spec.containers[].ports) can be forwarded`);
  }
  return `${host}:${hp.hostPort}`;
}

export interface ForwardOptions {
  /** Local port to listen on, on 127.0.0.1 (0: any free one). */
  localPort: number;
  /** The `host:port` targets for a new connection, in round-robin order (asked again each time). */
  backends: () => Promise<string[]>;
  /** Told of each connection, and of one that found no backend. */
  onConnection?: (event: { backend?: string; error?: string }) => void;
  signal: AbortSignal;
}

export interface Forwarder {
  /** The port listened on. */
  port: number;
  /** Resolves when the signal aborted and the listener closed. */
  closed: Promise<void>;
}

/** Listen on 127.0.0.1 and pipe each connection to the next backend that accepts it. */
export async function forwardPort(o: ForwardOptions): Promise<Forwarder> {
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((local) => {
    sockets.add(local);
    local.on("close", () => sockets.delete(local));
    local.on("error", () => local.destroy());
    local.pause();
    void (async () => {
      let backends: string[];
      try {
        backends = await o.backends();
      } catch (err) {
        o.onConnection?.({ error: (err as Error).message });
        local.destroy();
        return;
      }
      const start = next++;
      for (let i = 0; i < backends.length; i++) {
        const backend = backends[(start + i) % backends.length] ?? "";
        const remote = await connect(backend).catch(() => undefined);
        if (!remote) continue;
        o.onConnection?.({ backend });
        sockets.add(remote);
        remote.on("close", () => sockets.delete(remote));
        remote.on("error", () => local.destroy());
        local.on("error", () => remote.destroy());
        local.on("close", () => remote.destroy());
        remote.on("close", () => local.destroy());
        local.pipe(remote).pipe(local);
        local.resume();
        return;
      }
      o.onConnection?.({ error: backends.length ? `no endpoint accepted the connection (tried ${backends.join(", ")})` : "no ready endpoint to forward to" });
      local.destroy();
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new PortForwardError(`unable to listen on port ${o.localPort}: address already in use`) : err),
    );
    server.listen(o.localPort, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : o.localPort;
  const closed = new Promise<void>((resolve) => {
    const stop = () => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    };
    if (o.signal.aborted) stop();
    else o.signal.addEventListener("abort", stop, { once: true });
  });
  return { port, closed };
}

function connect(target: string): Promise<Socket> {
  const i = target.lastIndexOf(":");
  const host = target.slice(0, i);
  const port = Number(target.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error(`connect to ${target} timed out`));
    });
    socket.once("error", reject);
  });
}
