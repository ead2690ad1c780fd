// Pod statuses go to the server in batches (SwarmKit batches task status writes too): the
// latest status of each pod is kept, and whatever changed since the last successful send goes
// in the next UpdateStatus. After a reconnect everything is sent again, so a restarted server
// has current statuses within one flush.
import type { Pod, PodStatus } from "@skiff/api/core";
import type { PodEvent, PodStatusUpdate } from "@skiff/proto";

/** Events waiting to be sent; beyond this the oldest are dropped (they are news, not state). */
export const MAX_PENDING_EVENTS = 1000;

export class StatusReporter {
  private readonly latest = new Map<string, PodStatusUpdate>();
  private readonly dirty = new Set<string>();
  private events: PodEvent[] = [];
  private wake: (() => void) | undefined;

  /** `stopped`: the pod is being deleted and its containers have all stopped (the server may remove it). */
  report(pod: Pod, status: PodStatus, stopped = false): void {
    const uid = pod.metadata.uid ?? "";
    this.latest.set(uid, { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name, uid, statusJson: JSON.stringify(status), containersStopped: stopped });
    this.dirty.add(uid);
    this.wake?.();
  }

  /** Something happened to a pod (Pulled, Started, BackOff...): sent with the next batch. */
  event(pod: Pod, type: "Normal" | "Warning", reason: string, message: string): void {
    const m = pod.metadata;
    this.events.push({ namespace: m.namespace ?? "default", pod: m.name, uid: m.uid ?? "", type, reason, message });
    if (this.events.length > MAX_PENDING_EVENTS) this.events.splice(0, this.events.length - MAX_PENDING_EVENTS);
    this.wake?.();
  }

  /** The events not yet sent; call `eventsSent` with them once the server has them. */
  pendingEvents(): PodEvent[] {
    return [...this.events];
  }

  eventsSent(sent: PodEvent[]): void {
    this.events = this.events.filter((e) => !sent.includes(e));
  }

  /** A pod is gone from this node: stop reporting it. */
  forget(uid: string): void {
    this.latest.delete(uid);
    this.dirty.delete(uid);
  }

  /** After (re-)registering: the server may have lost what we sent, send it all again. */
  markAllDirty(): void {
    for (const uid of this.latest.keys()) this.dirty.add(uid);
    if (this.dirty.size > 0) this.wake?.();
  }

  /** The pending updates; call `sent` with them once the server has them. */
  pending(): PodStatusUpdate[] {
    return [...this.dirty].flatMap((uid) => this.latest.get(uid) ?? []);
  }

  sent(updates: PodStatusUpdate[]): void {
    for (const u of updates) if (u.uid && this.latest.get(u.uid) === u) this.dirty.delete(u.uid);
  }

  /** Resolves when something is pending (at once if already so) or the signal aborts. */
  waitForChanges(signal: AbortSignal): Promise<void> {
    if (this.dirty.size > 0 || this.events.length > 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.wake = undefined;
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }
}
