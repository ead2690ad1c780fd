// Each pod's ServiceAccount token, as the kubelet's token manager keeps projected tokens: asked
// of the server (NodeService/ServiceAccountToken) before the pod's first container is made,
// written to the pod's directory on this host (token-files.ts), and asked for again at 80% of
// its life (rotation.ts), in place: the containers keep running and read the new file.
import { join } from "node:path";
import type { Pod } from "@skiff/api/core";
import type { Logger } from "pino";
import type { Mount } from "../runtime/index.js";
import { nextFetchDelay } from "./rotation.js";
import { removeTokenFiles, SERVICE_ACCOUNT_MOUNT, writeTokenFiles } from "./token-files.js";

export interface TokenSource {
  serviceAccountToken(namespace: string, pod: string, uid: string): Promise<{ token: string; expiresAtMs: number }>;
}

interface Entry {
  dir: string;
  timer?: NodeJS.Timeout;
  token?: { fetchedAtMs: number; expiresAtMs: number };
  /** The fetch under way (it never throws: a failure is kept in lastError and tried again). */
  inflight: Promise<void>;
  lastError?: string;
  stopped: boolean;
}

export class PodTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly o: { source: TokenSource; caPem: () => string; dir: string; log: Logger; clock?: () => number },
  ) {}

  /** Keep the pod's token current (a pod adopted after an agent restart too); nothing for a pod that mounts none. */
  ensure(pod: Pod): Entry | undefined {
    if (pod.spec.automountServiceAccountToken === false) return undefined;
    const uid = pod.metadata.uid ?? "";
    let entry = this.entries.get(uid);
    if (!entry) {
      entry = { dir: join(this.o.dir, uid, "serviceaccount"), inflight: Promise.resolve(), stopped: false };
      this.entries.set(uid, entry);
      entry.inflight = this.fetch(pod, entry);
    }
    return entry;
  }

  /** The read-only mount of the pod's token directory, once its first token is there; none when the pod mounts no token. */
  async mountFor(pod: Pod): Promise<Mount | undefined> {
    const entry = this.ensure(pod);
    if (!entry) return undefined;
    if (!entry.token) await entry.inflight;
    if (!entry.token) throw new Error(`cannot get the service account token of pod ${pod.metadata.namespace}/${pod.metadata.name}: ${entry.lastError ?? "not yet"}`);
    return { type: "bind", source: entry.dir, target: SERVICE_ACCOUNT_MOUNT, readOnly: true };
  }

  /** The pod is gone from this node: stop rotating, remove its files. */
  forget(uid: string): void {
    const entry = this.entries.get(uid);
    if (!entry) return;
    entry.stopped = true;
    clearTimeout(entry.timer);
    this.entries.delete(uid);
    void removeTokenFiles(join(entry.dir, "..")).catch(() => undefined);
  }

  /** Forget every pod but these (a COMPLETE set of assignments). */
  retain(uids: Set<string>): void {
    for (const uid of [...this.entries.keys()]) if (!uids.has(uid)) this.forget(uid);
  }

  private async fetch(pod: Pod, entry: Entry): Promise<void> {
    const clock = this.o.clock ?? Date.now;
    const namespace = pod.metadata.namespace ?? "default";
    let failed = false;
    try {
      const fetchedAtMs = clock();
      const { token, expiresAtMs } = await this.o.source.serviceAccountToken(namespace, pod.metadata.name, pod.metadata.uid ?? "");
      if (entry.stopped) return;
      await writeTokenFiles(entry.dir, { token, caPem: this.o.caPem(), namespace });
      const rotated = entry.token !== undefined;
      entry.token = { fetchedAtMs, expiresAtMs };
      entry.lastError = undefined;
      if (rotated) this.o.log.debug({ pod: `${namespace}/${pod.metadata.name}`, expires: new Date(expiresAtMs).toISOString() }, "service account token rotated");
    } catch (err) {
      failed = true;
      entry.lastError = (err as Error).message;
      this.o.log.warn({ pod: `${namespace}/${pod.metadata.name}`, err: entry.lastError }, "cannot get the service account token; trying again");
    } finally {
      if (!entry.stopped) {
        entry.timer = setTimeout(() => {
          entry.inflight = this.fetch(pod, entry);
        }, nextFetchDelay(clock(), entry.token, failed));
        entry.timer.unref();
      }
    }
  }
}
