// Remove everything a node left in Docker: its pods' containers (infra containers included), the
// volumes labelled with it, and its bridge network (`skiff-<node>`). Used by `skiff down` (the
// nodes of a local cluster, after their agents stopped) and by `skiff agent --remove-pods-on-exit`
// (an agent in a container, when it is stopped: `docker compose down`). Run it only once the
// node's agent has stopped, or it would start the containers again.
//
// The Docker volumes of the node's local PersistentVolumes (labelled skiff.claim-volume: a
// claim's data) go too, unless `keepVolumes` (`skiff down --keep-volumes`; an agent stopping
// with --remove-pods-on-exit always keeps them, as `docker compose down` keeps named volumes).
import { CLAIM_VOLUME_LABEL } from "./pods/claims.js";
import { nodeSelector } from "./pods/labels.js";
import { DockerRuntime, type Runtime } from "./runtime/index.js";

export interface NodeCleanup {
  containers: number;
  volumes: number;
  /** Whether the node's network was there (and so was removed). */
  network: boolean;
}

/** The Docker network of a node (docs/networking.md). */
export function nodeNetworkName(nodeName: string): string {
  return `skiff-${nodeName}`;
}

export interface CleanupOptions {
  /** Keep the Docker volumes of local PersistentVolumes (claims' data). */
  keepVolumes?: boolean;
}

export async function removeNodeResources(nodeName: string, runtime: Runtime = new DockerRuntime(), options: CleanupOptions = {}): Promise<NodeCleanup> {
  const labels = nodeSelector(nodeName);
  let containers = 0;
  // Containers first: volumes and the network cannot go while a container uses them.
  for (const c of await runtime.listContainers(labels)) {
    await runtime.removeContainer(c.id);
    containers += 1;
  }
  let volumes = 0;
  for (const v of await runtime.listVolumes(labels)) {
    if (options.keepVolumes && v.labels[CLAIM_VOLUME_LABEL] !== undefined) continue;
    await runtime.removeVolume(v.name);
    volumes += 1;
  }
  const name = nodeNetworkName(nodeName);
  const network = (await runtime.networkInfo(name)) !== undefined;
  if (network) await runtime.removeNetwork(name);
  return { containers, volumes, network };
}
