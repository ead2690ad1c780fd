// The pods waiting for a node, as Kubernetes' scheduling queue in miniature:
//   active         pods to try in the next pass, oldest first (a Set keeps insertion order)
//   unschedulable  pods no node could take; they wait for a cluster change that might help
//                  (moveAllToActive: a node added or changed, a pod gone) or the periodic flush.
// Keys only: the worker reads the pod itself from the informer when it gets to it, so a pod that
// changed twice while queued is scheduled once, in its latest state.
//
// One race matters: a pod is taken, found unschedulable, and parked, but the node that would fit
// it arrived WHILE it was being tried. Its move came too early to include it, and nothing else
// would wake it. So a move during a pass is remembered, and a pod parked after it goes straight
// back to active (Kubernetes' moveRequestCycle).

export class SchedulingQueue {
  private readonly active = new Set<string>();
  private readonly unschedulable = new Set<string>();
  private movedDuringPass = false;
  private waiter: (() => void) | undefined;

  /** Schedule this pod in the next pass. */
  add(key: string): void {
    this.unschedulable.delete(key);
    this.active.add(key);
    this.waiter?.();
  }

  /** No node can take this pod now: keep it until the cluster changes. */
  park(key: string): void {
    if (this.movedDuringPass) this.add(key);
    else this.unschedulable.add(key);
  }

  /** Something changed that may let parked pods fit: try them all again. */
  moveAllToActive(): void {
    this.movedDuringPass = true;
    if (this.unschedulable.size === 0) return;
    for (const key of this.unschedulable) this.active.add(key);
    this.unschedulable.clear();
    this.waiter?.();
  }

  /** The pod is gone or bound by someone else. */
  remove(key: string): void {
    this.active.delete(key);
    this.unschedulable.delete(key);
  }

  /** Start a pass: every active key, oldest first. */
  takeAll(): string[] {
    const keys = [...this.active];
    this.active.clear();
    this.movedDuringPass = false;
    return keys;
  }

  /** Resolves when there is work (or at once if there is), or when `signal` aborts. */
  wait(signal: AbortSignal): Promise<void> {
    if (this.active.size > 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiter = undefined;
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiter = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  get pending(): { active: number; unschedulable: number } {
    return { active: this.active.size, unschedulable: this.unschedulable.size };
  }
}
