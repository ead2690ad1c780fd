// The pure translation ContainerConfig -> Docker's create-container request. No I/O here, so
// every rule is unit-tested without an engine (see containers.test.ts).
import type Dockerode from "dockerode";
import type { ContainerConfig, Mount, PortBinding } from "../runtime.js";

/** Docker's port key: "80/tcp". */
export function portKey(p: Pick<PortBinding, "containerPort" | "protocol">): string {
  return `${p.containerPort}/${p.protocol.toLowerCase()}`;
}

function mount(m: Mount): Dockerode.MountSettings {
  switch (m.type) {
    case "bind":
    case "volume":
      return { Type: m.type, Source: m.source ?? "", Target: m.target, ReadOnly: m.readOnly ?? false };
    case "tmpfs":
      return {
        Type: "tmpfs",
        Source: "",
        Target: m.target,
        ReadOnly: m.readOnly ?? false,
        // SizeBytes 0 means no limit; 1777 (sticky, writable by all) is what /tmp expects.
        TmpfsOptions: { SizeBytes: m.sizeBytes ?? 0, Mode: 0o1777 },
      };
  }
}

export function createOptions(c: ContainerConfig): Dockerode.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of c.portBindings ?? []) {
    const key = portKey(p);
    exposed[key] = {};
    // HostPort "": the engine picks a free port (docker run -p 127.0.0.4::8080).
    (bindings[key] ??= []).push({ HostIp: p.hostIP ?? "", HostPort: p.hostPort ? String(p.hostPort) : "" });
  }
  const hostConfig: Dockerode.HostConfig = {
    // skiff's agent restarts containers itself, with Kubernetes' back-off, and must see every
    // exit: Docker neither restarts nor removes them on its own.
    RestartPolicy: { Name: "no" },
    AutoRemove: false,
    ...(c.networkMode ? { NetworkMode: c.networkMode } : {}),
    ...(c.portBindings?.length ? { PortBindings: bindings } : {}),
    ...(c.cpuLimitMilli !== undefined ? { NanoCpus: c.cpuLimitMilli * 1_000_000 } : {}),
    // MemorySwap equal to Memory means "no swap": a limit is a limit, as in Kubernetes.
    ...(c.memoryLimitBytes !== undefined ? { Memory: c.memoryLimitBytes, MemorySwap: c.memoryLimitBytes } : {}),
    ...(c.mounts?.length ? { Mounts: c.mounts.map(mount) } : {}),
    ...(c.dns?.length ? { Dns: c.dns } : {}),
    ...(c.dnsSearch?.length ? { DnsSearch: c.dnsSearch } : {}),
    ...(c.dnsOptions?.length ? { DnsOptions: c.dnsOptions } : {}),
  };
  return {
    name: c.name,
    Image: c.image,
    Labels: c.labels,
    ...(c.command ? { Entrypoint: c.command } : {}),
    ...(c.args ? { Cmd: c.args } : {}),
    ...(c.env?.length ? { Env: c.env } : {}),
    ...(c.workingDir ? { WorkingDir: c.workingDir } : {}),
    ...(c.hostname ? { Hostname: c.hostname } : {}),
    ...(c.portBindings?.length ? { ExposedPorts: exposed } : {}),
    HostConfig: hostConfig,
  };
}
