// What a node's agent must hear about, and what it already has. Pure (no I/O): the stream feeds
// it store events and sends what it returns.
//
//  - Pods bound to the node: their metadata and spec, and whether the control plane ended them
//    (phase Failed after eviction). Not the status the agent wrote itself: that would echo.
//  - ConfigMaps and Secrets that those pods refer to, and only those: a node never learns a
//    Secret none of its pods uses; when the last pod using one goes, the agent is told to forget it.
//    The tracker holds only those (counted per pod), not every config of the cluster; one a pod
//    starts to use is read by the stream (missingConfigs) and handed in with the pod.
//  - PersistentVolumeClaims are sent like configs (a claim carries what to mount, written by the
//    binder); the PersistentVolumes of the `local` driver that live on this node are sent like
//    Services: when one goes (its reclaim policy Delete), the agent removes its Docker volume.
//  - Every Service and Endpoints, of every namespace: each node's proxy and DNS answer for all of
//    them (docs/networking.md). Sent again only when what the proxy reads changed (not for a
//    write that only bumped the resourceVersion).
import { LOCAL_VOLUME_DRIVER, configRefKey, isTerminalPhase, podConfigRefs, volumeNode, type ApiObject, type ConfigRef, type PersistentVolume, type Pod } from "@skiff/api";

export interface Change {
  action: "UPDATE" | "REMOVE";
  object: ApiObject;
}

const CONFIG_KINDS = new Set(["ConfigMap", "Secret", "PersistentVolumeClaim"]);
export const NETWORK_KINDS = new Set(["Service", "Endpoints"]);

/** What about an object matters to an agent; equal signatures mean nothing to send. */
export function signature(obj: ApiObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  if (NETWORK_KINDS.has(obj.kind) || obj.kind === "PersistentVolume") return JSON.stringify([metadata, obj.spec, obj.subsets]);
  if (obj.kind !== "Pod") return JSON.stringify([metadata, obj.data, obj.binaryData, obj.type]);
  const pod = obj as Pod;
  return JSON.stringify([metadata, pod.spec, isTerminalPhase(pod.status?.phase) ? pod.status?.phase : ""]);
}

/** A PV whose Docker volume this node's agent made (the `local` driver, pinned to the node). */
export function localVolumeOf(obj: ApiObject, nodeName: string): boolean {
  const pv = obj as PersistentVolume;
  return obj.kind === "PersistentVolume" && pv.spec?.csi?.driver === LOCAL_VOLUME_DRIVER && volumeNode(pv) === nodeName;
}

export function boundTo(obj: ApiObject, nodeName: string): boolean {
  return (obj as Pod).spec?.nodeName === nodeName;
}

const keyOf = (obj: ApiObject) => configRefKey({ kind: obj.kind, namespace: obj.metadata.namespace ?? "default", name: obj.metadata.name });

export class AssignmentTracker {
  /** Signatures of what the agent holds: pods by uid, configs by kind/namespace/name. */
  private readonly sentPods = new Map<string, string>();
  private readonly sentConfigs = new Map<string, string>();
  /** The configs each bound pod refers to, and how many of the node's pods refer to each. */
  private readonly podRefs = new Map<string, string[]>();
  private readonly refCount = new Map<string, number>();
  /** The latest known state of each referenced config (none for one that does not exist). */
  private readonly held = new Map<string, ApiObject>();
  /** Signatures of the Services and Endpoints sent, by kind/namespace/name. */
  private readonly sentNetwork = new Map<string, string>();
  /** Signatures of this node's local PVs sent, by name. */
  private readonly sentVolumes = new Map<string, string>();

  constructor(private readonly nodeName: string) {}

  /**
   * Does this node care about the object (the stream's watch asks at the source)? Its pods (and
   * pods it had: to see them go), the ConfigMaps and Secrets they use, every Service and Endpoints.
   */
  wants(obj: ApiObject): boolean {
    if (NETWORK_KINDS.has(obj.kind)) return true;
    if (obj.kind === "PersistentVolume") return localVolumeOf(obj, this.nodeName) || this.sentVolumes.has(obj.metadata.name);
    if (CONFIG_KINDS.has(obj.kind)) return this.refCount.has(keyOf(obj));
    if (obj.kind === "Pod") return boundTo(obj, this.nodeName) || this.sentPods.has(obj.metadata.uid ?? "");
    return false;
  }

  /** The configs `pod` (bound here) refers to that this node does not hold yet: the caller reads them for onEvent. */
  missingConfigs(pod: Pod): ConfigRef[] {
    if (!boundTo(pod, this.nodeName)) return [];
    return podConfigRefs(pod).filter((ref) => !this.refCount.has(configRefKey(ref)));
  }

  /** The COMPLETE set: the node's pods, the configs they use (read by the caller), every Service and Endpoints, the node's local PVs. */
  complete(pods: Pod[], configs: ApiObject[], network: ApiObject[] = [], volumes: ApiObject[] = []): Change[] {
    const out: Change[] = [];
    for (const obj of network) out.push(...this.onNetwork("ADDED", obj));
    for (const obj of volumes) out.push(...this.onVolume("ADDED", obj));
    for (const pod of pods) out.push(...this.onEvent("ADDED", pod, configs));
    return out;
  }

  /**
   * The changes (possibly none) one store event brings to this node. For a pod, `fetched` holds
   * the configs missingConfigs() named, as read just now (those that exist).
   */
  onEvent(type: "ADDED" | "MODIFIED" | "DELETED", obj: ApiObject, fetched: readonly ApiObject[] = []): Change[] {
    if (NETWORK_KINDS.has(obj.kind)) return this.onNetwork(type, obj);
    if (obj.kind === "PersistentVolume") return this.onVolume(type, obj);
    if (CONFIG_KINDS.has(obj.kind)) return this.onConfig(type, obj);
    if (obj.kind === "Pod") return this.onPod(type, obj as Pod, fetched);
    return [];
  }

  private onPod(type: string, pod: Pod, fetched: readonly ApiObject[]): Change[] {
    const uid = pod.metadata.uid ?? "";
    if (type === "DELETED" || !boundTo(pod, this.nodeName)) {
      if (!this.sentPods.delete(uid)) return [];
      return [{ action: "REMOVE", object: pod }, ...this.setRefs(uid, [])];
    }
    const keys = podConfigRefs(pod).map(configRefKey);
    for (const config of fetched) if (keys.includes(keyOf(config))) this.hold(config);
    const forgotten = this.setRefs(uid, keys);
    // Configs first, so that the agent has them when it sees the pod that needs them.
    const out = keys.flatMap((key) => {
      const config = this.held.get(key);
      return config ? this.send(config) : [];
    });
    const sig = signature(pod);
    if (this.sentPods.get(uid) !== sig) {
      this.sentPods.set(uid, sig);
      out.push({ action: "UPDATE", object: pod });
    }
    return [...out, ...forgotten];
  }

  /** Record what pod `uid` refers to now; configs no pod refers to any more are forgotten (REMOVE if sent). */
  private setRefs(uid: string, keys: string[]): Change[] {
    const before = this.podRefs.get(uid) ?? [];
    for (const key of keys) this.refCount.set(key, (this.refCount.get(key) ?? 0) + 1);
    if (keys.length > 0) this.podRefs.set(uid, keys);
    else this.podRefs.delete(uid);
    const out: Change[] = [];
    for (const key of before) {
      const n = (this.refCount.get(key) ?? 1) - 1;
      if (n > 0) {
        this.refCount.set(key, n);
        continue;
      }
      this.refCount.delete(key);
      const obj = this.held.get(key);
      this.held.delete(key);
      if (this.sentConfigs.delete(key) && obj) out.push({ action: "REMOVE", object: obj });
    }
    return out;
  }

  private onNetwork(type: string, obj: ApiObject): Change[] {
    const key = keyOf(obj);
    if (type === "DELETED") return this.sentNetwork.delete(key) ? [{ action: "REMOVE", object: obj }] : [];
    const sig = signature(obj);
    if (this.sentNetwork.get(key) === sig) return [];
    this.sentNetwork.set(key, sig);
    return [{ action: "UPDATE", object: obj }];
  }

  private onVolume(type: string, obj: ApiObject): Change[] {
    const name = obj.metadata.name;
    if (type === "DELETED" || !localVolumeOf(obj, this.nodeName)) return this.sentVolumes.delete(name) ? [{ action: "REMOVE", object: obj }] : [];
    const sig = signature(obj);
    if (this.sentVolumes.get(name) === sig) return [];
    this.sentVolumes.set(name, sig);
    return [{ action: "UPDATE", object: obj }];
  }

  private onConfig(type: string, obj: ApiObject): Change[] {
    const key = keyOf(obj);
    if (!this.refCount.has(key)) return [];
    if (type === "DELETED") {
      this.held.delete(key);
      return this.sentConfigs.delete(key) ? [{ action: "REMOVE", object: obj }] : [];
    }
    // Read from the store when a pod first used it, it may be newer than what the watch brings now.
    if (!this.hold(obj)) return [];
    return this.send(obj);
  }

  /** Keep `config` as the latest state unless an even later one is held; false when it is older. */
  private hold(config: ApiObject): boolean {
    const key = keyOf(config);
    const current = this.held.get(key);
    if (current && revisionOf(current) > revisionOf(config)) return false;
    this.held.set(key, config);
    return true;
  }

  private send(config: ApiObject): Change[] {
    const key = keyOf(config);
    const sig = signature(config);
    if (this.sentConfigs.get(key) === sig) return [];
    this.sentConfigs.set(key, sig);
    return [{ action: "UPDATE", object: config }];
  }
}

function revisionOf(obj: ApiObject): number {
  return Number(obj.metadata.resourceVersion ?? 0);
}
