// What a node's agent must hear about, and what it already has. Pure (no I/O): the stream feeds
// it store events and sends what it returns.
//
//  - Pods bound to the node: their metadata and spec, and whether the control plane ended them
//    (phase Failed after eviction). Not the status the agent wrote itself: that would echo.
//  - ConfigMaps and Secrets that those pods refer to, and only those: a node never learns a
//    Secret none of its pods uses; when the last pod using one goes, the agent is told to forget it.
//  - Every Service and Endpoints, of every namespace: each node's proxy and DNS answer for all of
//    them (docs/networking.md). Sent again only when what the proxy reads changed (not for a
//    write that only bumped the resourceVersion).
import { configRefKey, isTerminalPhase, podConfigRefs, type ApiObject, type Pod } from "@skiff/api";

export interface Change {
  action: "UPDATE" | "REMOVE";
  object: ApiObject;
}

const CONFIG_KINDS = new Set(["ConfigMap", "Secret"]);
export const NETWORK_KINDS = new Set(["Service", "Endpoints"]);

/** What about an object matters to an agent; equal signatures mean nothing to send. */
export function signature(obj: ApiObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  if (NETWORK_KINDS.has(obj.kind)) return JSON.stringify([metadata, obj.spec, obj.subsets]);
  if (obj.kind !== "Pod") return JSON.stringify([metadata, obj.data, obj.binaryData, obj.type]);
  const pod = obj as Pod;
  return JSON.stringify([metadata, pod.spec, isTerminalPhase(pod.status?.phase) ? pod.status?.phase : ""]);
}

export function boundTo(obj: ApiObject, nodeName: string): boolean {
  return (obj as Pod).spec?.nodeName === nodeName;
}

const keyOf = (obj: ApiObject) => configRefKey({ kind: obj.kind, namespace: obj.metadata.namespace ?? "default", name: obj.metadata.name });

export class AssignmentTracker {
  /** Signatures of what the agent holds: pods by uid, configs by kind/namespace/name. */
  private readonly sentPods = new Map<string, string>();
  private readonly sentConfigs = new Map<string, string>();
  /** The configs each bound pod refers to. */
  private readonly podRefs = new Map<string, string[]>();
  /** Every ConfigMap and Secret there is (the node is sent only the referenced ones). */
  private readonly configs = new Map<string, ApiObject>();
  /** Signatures of the Services and Endpoints sent, by kind/namespace/name. */
  private readonly sentNetwork = new Map<string, string>();

  constructor(private readonly nodeName: string) {}

  /** The COMPLETE set, from lists of pods, configs, and Services and Endpoints. */
  complete(pods: Pod[], configs: ApiObject[], network: ApiObject[] = []): Change[] {
    for (const c of configs) this.configs.set(keyOf(c), c);
    const out: Change[] = [];
    for (const obj of network) out.push(...this.onNetwork("ADDED", obj));
    for (const pod of pods) out.push(...this.onEvent("ADDED", pod));
    return out;
  }

  /** The changes (possibly none) one store event brings to this node. */
  onEvent(type: "ADDED" | "MODIFIED" | "DELETED", obj: ApiObject): Change[] {
    if (NETWORK_KINDS.has(obj.kind)) return this.onNetwork(type, obj);
    if (CONFIG_KINDS.has(obj.kind)) return this.onConfig(type, obj);
    if (obj.kind === "Pod") return this.onPod(type, obj as Pod);
    return [];
  }

  private onPod(type: string, pod: Pod): Change[] {
    const uid = pod.metadata.uid ?? "";
    const out: Change[] = [];
    if (type === "DELETED" || !boundTo(pod, this.nodeName)) {
      if (!this.sentPods.delete(uid)) return [];
      this.podRefs.delete(uid);
      out.push({ action: "REMOVE", object: pod });
      return [...out, ...this.forgetUnreferenced()];
    }
    // Configs first, so that the agent has them when it sees the pod that needs them.
    this.podRefs.set(uid, podConfigRefs(pod).map(configRefKey));
    for (const key of this.podRefs.get(uid) ?? []) {
      const config = this.configs.get(key);
      if (config) out.push(...this.send(config));
    }
    const sig = signature(pod);
    if (this.sentPods.get(uid) !== sig) {
      this.sentPods.set(uid, sig);
      out.push({ action: "UPDATE", object: pod });
    }
    return [...out, ...this.forgetUnreferenced()];
  }

  private onNetwork(type: string, obj: ApiObject): Change[] {
    const key = keyOf(obj);
    if (type === "DELETED") return this.sentNetwork.delete(key) ? [{ action: "REMOVE", object: obj }] : [];
    const sig = signature(obj);
    if (this.sentNetwork.get(key) === sig) return [];
    this.sentNetwork.set(key, sig);
    return [{ action: "UPDATE", object: obj }];
  }

  private onConfig(type: string, obj: ApiObject): Change[] {
    const key = keyOf(obj);
    if (type === "DELETED") {
      this.configs.delete(key);
      return this.sentConfigs.delete(key) ? [{ action: "REMOVE", object: obj }] : [];
    }
    this.configs.set(key, obj);
    return this.referenced().has(key) ? this.send(obj) : [];
  }

  private send(config: ApiObject): Change[] {
    const key = keyOf(config);
    const sig = signature(config);
    if (this.sentConfigs.get(key) === sig) return [];
    this.sentConfigs.set(key, sig);
    return [{ action: "UPDATE", object: config }];
  }

  private forgetUnreferenced(): Change[] {
    const wanted = this.referenced();
    const out: Change[] = [];
    for (const key of [...this.sentConfigs.keys()]) {
      if (wanted.has(key)) continue;
      this.sentConfigs.delete(key);
      const obj = this.configs.get(key);
      if (obj) out.push({ action: "REMOVE", object: obj });
    }
    return out;
  }

  private referenced(): Set<string> {
    return new Set([...this.podRefs.values()].flat());
  }
}
