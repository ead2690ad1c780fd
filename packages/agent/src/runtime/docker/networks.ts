// Bridge networks on Docker: one per node, on the node's subnet (docs/networking.md). The bridge
// gets a name we choose (com.docker.network.bridge.name), so the agent knows which Linux
// interface to put Service addresses on without asking Docker for its id-derived name.
import type Dockerode from "dockerode";
import { defaultBridgeName } from "../bridge-name.js";
import { NetworkConflictError } from "../errors.js";
import type { NetworkInfo, NetworkOptions } from "../runtime.js";
import { statusCode } from "./errors.js";

const BRIDGE_NAME = "com.docker.network.bridge.name";

interface NetworkInspect {
  Id: string;
  Name: string;
  Driver?: string;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null };
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** Reads Docker's inspect answer (pure). */
export function fromNetworkInspect(n: NetworkInspect): NetworkInfo {
  const ipam = n.IPAM?.Config?.[0];
  const info: NetworkInfo = {
    id: n.Id,
    name: n.Name,
    bridgeInterface: n.Options?.[BRIDGE_NAME] ?? `br-${n.Id.slice(0, 12)}`,
    labels: n.Labels ?? {},
  };
  if (ipam?.Subnet) info.subnet = ipam.Subnet;
  if (ipam?.Gateway) info.gateway = ipam.Gateway;
  return info;
}

/** Docker's create request for a node network (pure). */
export function networkCreateOptions(name: string, o: NetworkOptions): Dockerode.NetworkCreateOptions {
  const config: Record<string, string> = { Subnet: o.subnet, Gateway: o.gateway };
  if (o.ipRange) config.IPRange = o.ipRange;
  return {
    Name: name,
    Driver: "bridge",
    CheckDuplicate: true,
    IPAM: { Driver: "default", Config: [config] },
    Options: { [BRIDGE_NAME]: o.bridgeName ?? defaultBridgeName(name) },
    Labels: o.labels,
  };
}

export async function networkInfo(docker: Dockerode, name: string): Promise<NetworkInfo | undefined> {
  try {
    const n = (await docker.getNetwork(name).inspect()) as NetworkInspect;
    // Docker also resolves an id prefix: only an exact name is the network asked for.
    return n.Name === name ? fromNetworkInspect(n) : undefined;
  } catch (err) {
    if (statusCode(err) === 404) return undefined;
    throw err;
  }
}

export async function ensureNetwork(docker: Dockerode, name: string, o: NetworkOptions): Promise<NetworkInfo> {
  const existing = await networkInfo(docker, name);
  if (!existing) {
    try {
      await docker.createNetwork(networkCreateOptions(name, o));
    } catch (err) {
      // 409: created meanwhile by someone else; checked below like any existing one.
      if (statusCode(err) === 409) {
        // fall through
      } else if (/overlap|already in use/i.test(String((err as Error).message)) && (await removeStaleOverlaps(docker, o.subnet)) > 0) {
        await docker.createNetwork(networkCreateOptions(name, o));
      } else throw err;
    }
  }
  const info = existing ?? (await networkInfo(docker, name));
  if (!info) throw new NetworkConflictError(name, "and vanished while being created");
  if (info.subnet !== o.subnet) {
    throw new NetworkConflictError(name, `with subnet ${info.subnet ?? "(none)"}, not ${o.subnet}`);
  }
  return info;
}

export async function removeNetwork(docker: Dockerode, name: string): Promise<void> {
  if (!(await networkInfo(docker, name))) return;
  try {
    await docker.getNetwork(name).remove();
  } catch (err) {
    if (statusCode(err) !== 404) throw err;
  }
}

/**
 * A skiff node network left behind by a cluster that is gone (an agent killed before cleanup,
 * `docker compose down` without -v...) holds its subnet forever. One with our subnet, the
 * skiff.node label, and no container on it is garbage: remove it so this node can have it.
 * Stopped containers count: inspect lists only running ones, and Docker would let us remove the
 * network of a stopped cluster, which could then never start its containers again.
 */
async function removeStaleOverlaps(docker: Dockerode, subnet: string): Promise<number> {
  const listed = (await docker.listNetworks({ filters: { label: ["skiff.node"] } })) as { Id: string }[];
  let removed = 0;
  for (const { Id } of listed) {
    const n = (await docker.getNetwork(Id).inspect()) as NetworkInspect & { Containers?: Record<string, unknown> | null };
    if (n.IPAM?.Config?.[0]?.Subnet !== subnet || Object.keys(n.Containers ?? {}).length > 0) continue;
    // By name: a container created but never started has no network id yet.
    if ((await docker.listContainers({ all: true, filters: { network: [n.Name] } })).length > 0) continue;
    await docker.getNetwork(Id).remove();
    removed += 1;
  }
  return removed;
}
