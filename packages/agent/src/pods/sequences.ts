// Each pod's action sequence, run at once with every other pod's but never two of one pod: a pod
// still busy is planned again when its sequence ends. Counts the sequences that ended, so a pass
// can tell which pods it saw as they were before their last sequence ended (`staleSince`).
import type { Logger } from "pino";
import type { Runtime } from "../runtime/runtime.js";
import { runSequence, type ExecutionHooks, type ExecutorContext } from "./executor.js";
import type { Action } from "./reconcile.js";

export type PodSequence = Exclude<Action, { type: "pull" }>[];

export class Sequences {
  private readonly busy = new Map<string, Promise<void>>();
  /**
   * Sequences ended, counted, and the count at which each pod's last one ended. A pass whose
   * listing began before a pod's sequence ended saw that pod as it was before (a container not
   * yet created): it neither reports nor acts for it (the create was sent twice under load: a
   * name Conflict, a Failed event); the pass the sequence's end kicks does.
   */
  private ended = 0;
  private readonly endedAt = new Map<string, number>();
  /** Stops in flight, by container id, with the grace period each was given: a shorter one cuts it (cutStops). */
  private readonly stopsInFlight = new Map<string, number>();

  constructor(private readonly o: { runtime: Runtime; log: Logger; ended: () => void }) {}

  /** The count to take before listing the containers a pass plans from. */
  mark(): number {
    return this.ended;
  }

  /** Did a sequence of pod `uid` end after `mark`? Then what was listed is out of date for it. */
  staleSince(mark: number, uid: string): boolean {
    return (this.endedAt.get(uid) ?? -1) > mark;
  }

  /** Forget the pods that are neither desired nor have containers left. */
  forget(keep: (uid: string) => boolean): void {
    for (const uid of this.endedAt.keys()) if (!keep(uid)) this.endedAt.delete(uid);
  }

  inFlight(): Promise<void>[] {
    return [...this.busy.values()];
  }

  /** Run `seq` for pod `uid` unless one of its sequences is under way (whose stops a shorter grace period still cuts). */
  run(uid: string, seq: PodSequence, ctx: () => ExecutorContext, hooks: ExecutionHooks): void {
    if (this.busy.has(uid)) {
      this.cutStops(seq);
      return;
    }
    const stops = seq.flatMap((a) => (a.type === "stop" ? [a] : []));
    for (const a of stops) this.stopsInFlight.set(a.containerId, a.graceSeconds);
    const run = runSequence(seq, ctx(), hooks).finally(() => {
      for (const a of stops) this.stopsInFlight.delete(a.containerId);
      this.busy.delete(uid);
      this.endedAt.set(uid, ++this.ended);
      this.o.ended();
    });
    this.busy.set(uid, run);
  }

  /**
   * Kubernetes' kubelet honours a grace period shortened while a pod is stopping: a stop already
   * waiting is asked again with the shorter period (the engine then kills when that one ends).
   */
  private cutStops(seq: readonly Action[]): void {
    for (const a of seq) {
      if (a.type !== "stop") continue;
      const inFlight = this.stopsInFlight.get(a.containerId);
      if (inFlight === undefined || a.graceSeconds >= inFlight) continue;
      this.stopsInFlight.set(a.containerId, a.graceSeconds);
      this.o.log.debug({ container: a.name, grace: a.graceSeconds, was: inFlight }, "grace period shortened: stopping again");
      this.o.runtime.stopContainer(a.containerId, a.graceSeconds).catch((err: unknown) => this.o.log.warn({ err, container: a.name }, "shortened stop failed"));
    }
  }
}
