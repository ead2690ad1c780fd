// Docker's two views of a container (the list entry and the full inspect) -> ContainerInfo.
import type Dockerode from "dockerode";
import type { ContainerInfo, ContainerRunState, PublishedPort } from "../runtime.js";

// Docker writes Go's zero time for "never started" / "never finished".
const ZERO_TIME = "0001-01-01T00:00:00Z";
const time = (t: string | undefined) => (t && t !== ZERO_TIME ? t : undefined);

function firstIp(networks: Record<string, { IPAddress?: string }> | undefined): string | undefined {
  for (const n of Object.values(networks ?? {})) if (n.IPAddress) return n.IPAddress;
  return undefined;
}

type PortMap = Record<string, { HostIp?: string; HostPort?: string }[] | null | undefined>;

/** `NetworkSettings.Ports` ({"8080/tcp": [{HostIp: "127.0.0.4", HostPort: "49153"}], "53/udp": null}) -> bindings. */
export function publishedPorts(ports: PortMap | undefined): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, proto] = key.split("/");
    const protocol = proto?.toUpperCase() === "UDP" ? "UDP" : "TCP";
    for (const b of bindings ?? []) {
      const hostPort = Number(b.HostPort);
      if (!Number.isInteger(hostPort) || hostPort <= 0) continue;
      out.push({ containerPort: Number(port), protocol, hostIP: b.HostIp ?? "", hostPort });
    }
  }
  return out;
}

export function fromInspect(i: Dockerode.ContainerInspectInfo): ContainerInfo {
  const s = i.State;
  const state = s.Status as ContainerRunState;
  // ExitCode is meaningful once the process has run, and after a failed start (127, 126...).
  const ran = state === "exited" || state === "dead" || Boolean(s.Error);
  // The default bridge puts the address at the top level too (the types omit it); other networks only inside.
  const settings = i.NetworkSettings as { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }>; Ports?: PortMap } | undefined;
  const ip = settings?.IPAddress || firstIp(settings?.Networks);
  const info: ContainerInfo = {
    id: i.Id,
    name: i.Name.replace(/^\//, ""),
    image: i.Config.Image,
    labels: i.Config.Labels ?? {},
    state,
    createdAt: i.Created,
  };
  if (ran) info.exitCode = s.ExitCode;
  if (s.OOMKilled) info.oomKilled = true;
  if (s.Error) info.error = s.Error;
  const started = time(s.StartedAt);
  const finished = time(s.FinishedAt);
  if (started) info.startedAt = started;
  if (finished) info.finishedAt = finished;
  if (ip) info.ipAddress = ip;
  const ports = publishedPorts(settings?.Ports);
  if (ports.length > 0) info.ports = ports;
  return info;
}

export { listKey } from "./list-key.js";
