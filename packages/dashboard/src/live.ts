// The page's picture of the cluster: every object of the streamed kinds, kept current by the one
// Server-Sent Events stream (/dashboard/api/stream). The server sends each kind's objects as
// ADDED, then every change; when the browser reconnects the stream starts over, so the picture
// is cleared on every (re)open rather than trusted across a gap.
import type { ApiObject, NodeMetrics, PodMetrics } from "@skiff/api";
import { useEffect, useState } from "preact/hooks";

/** Events older than the newest this many are dropped: the page is a window, not an archive. */
const MAX_EVENTS = 500;
/** Changes arriving together are drawn together (a rollout is dozens of events in a second). */
const REDRAW_MS = 50;

interface Message {
  type: "ADDED" | "MODIFIED" | "DELETED" | "RESET" | "FORBIDDEN" | "USAGE";
  kind: string;
  object?: ApiObject;
  usage?: NodeReport;
}

/** A node's latest usage report (metrics.k8s.io), its own and its pods', as the agent sent it. */
export interface NodeReport {
  node: NodeMetrics;
  pods: PodMetrics[];
}

/** The kinds the server's stream carries (server: dashboard/stream.ts); the views get others on their own. */
export const STREAMED_KINDS = ["Node", "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Event"];

export const keyOf = (o: ApiObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

export class LiveCluster {
  readonly objects = new Map<string, Map<string, ApiObject>>();
  /** Kinds the user may not watch: the pages say so instead of showing an empty list. */
  readonly forbidden = new Set<string>();
  /** Each node's latest usage report, replaced by the next (the server sends them as they come). */
  readonly usage = new Map<string, NodeReport>();
  connected = false;
  /** Bumped on every change: what the views compare to know they must redraw. */
  version = 0;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  connect(url = "api/stream"): EventSource {
    const source = new EventSource(url);
    source.onopen = () => {
      this.objects.clear();
      this.forbidden.clear();
      this.usage.clear();
      this.connected = true;
      this.changed();
    };
    source.onerror = () => {
      this.connected = false;
      this.changed();
    };
    source.onmessage = (e: MessageEvent<string>) => this.apply(JSON.parse(e.data) as Message);
    return source;
  }

  apply(m: Message): void {
    if (m.type === "USAGE") {
      if (m.usage) this.usage.set(m.usage.node.metadata.name, m.usage);
      return this.changed();
    }
    const byKey = this.objects.get(m.kind) ?? new Map<string, ApiObject>();
    this.objects.set(m.kind, byKey);
    if (m.type === "FORBIDDEN") this.forbidden.add(m.kind);
    else if (m.type === "RESET") byKey.clear();
    else if (m.object && m.type === "DELETED") byKey.delete(keyOf(m.object));
    else if (m.object) {
      byKey.set(keyOf(m.object), m.object);
      if (m.kind === "Event" && byKey.size > MAX_EVENTS) byKey.delete(byKey.keys().next().value!);
    }
    this.changed();
  }

  list<T extends ApiObject>(kind: string): T[] {
    return [...(this.objects.get(kind)?.values() ?? [])] as T[];
  }

  get<T extends ApiObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(kind)?.get(`${namespace ?? ""}/${name}`) as T | undefined;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.version++;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const fn of this.listeners) fn();
    }, REDRAW_MS);
  }
}

export const live = new LiveCluster();

/** Redraw the calling view whenever the picture changes. */
export function useLive(): LiveCluster {
  const [, setVersion] = useState(0);
  useEffect(() => live.subscribe(() => setVersion(live.version)), []);
  return live;
}
