// Writing the pod statuses that agents report: each report merged into its pod (pod-status.ts)
// and every change of one report committed at once, compare-and-swap on each pod, a group at a
// time; a pod whose containers all stopped while it was being deleted is removed.
import { ConflictError, NotFoundError, traceLatency, type Pod, type PodStatus } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import type { Logger } from "../log.js";
import { endsDeletion, mergeReportedStatus } from "./pod-status.js";
import { planDelete } from "../objects/deletion-plan.js";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import { podStatusFacts } from "../metrics/pod-status.js";
import type { PodCache, StatusReport } from "./dispatcher.js";

const WRITE_ATTEMPTS = 5;
/** Status reports written per commit: within etcd's 128 operations per transaction. */
const STATUS_GROUP = 100;

export type ValidReport = { report: StatusReport; status: PodStatus };

/** `fn` again on a ConflictError (a compare-and-swap lost), up to WRITE_ATTEMPTS in all. */
export async function retryConflicts<T>(fn: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw err;
    }
  }
}

export class StatusWriter {
  constructor(private readonly o: { store: Store; log: Logger; clock: () => Date; metrics?: ServerMetrics | undefined; podCache: () => PodCache | undefined }) {}

  /** Write each report that still applies, a group at a time; a stale or foreign one is skipped. */
  async write(nodeName: string, valid: ValidReport[]): Promise<void> {
    // A node reporting on many pods at once (its agent restarted): etcd takes 128 objects per
    // transaction, so the reports are written a group at a time (each pod's own write stands alone).
    for (let i = 0; i < valid.length; i += STATUS_GROUP) {
      const group = valid.slice(i, i + STATUS_GROUP);
      try {
        // The first attempt may take the pods from the cache; a retry (a conflict) reads the store.
        await retryConflicts((attempt) => this.writeStatuses(nodeName, group, attempt === 1));
      } catch (err) {
        if (!(err instanceof ConflictError) || group.length < 2) throw err;
        // Some pod kept changing under the batch: write the others without it, one by one.
        for (const v of group) await retryConflicts(() => this.writeStatuses(nodeName, [v], false));
      }
    }
  }

  /**
   * Read the pods, merge each report, and commit every change at once, compare-and-swap on each
   * pod: if any pod changed since it was read, nothing is written and the caller reads again.
   * Two reports on one pod apply in order, the second on top of the first.
   */
  private async writeStatuses(nodeName: string, valid: ValidReport[], cacheFirst: boolean): Promise<void> {
    const keys = [...new Set(valid.map((v) => keyOf(v.report)))];
    const read = await this.readPods(nodeName, keys, valid, cacheFirst);
    const current = new Map(keys.map((k, i) => [k, read[i] as Pod | undefined]));
    const changed = new Set<string>();
    const ended = new Set<string>();
    for (const { report: r, status } of valid) {
      const stored = current.get(keyOf(r));
      if (!stored) continue;
      if (endsDeletion(stored, r.containersStopped ?? false, nodeName, r.uid)) ended.add(keyOf(r));
      const verdict = mergeReportedStatus(stored, status, nodeName, r.uid);
      if ("skip" in verdict) {
        if (verdict.skip !== "unchanged") this.o.log.debug({ node: nodeName, pod: keyOf(r), why: verdict.skip }, "status report skipped");
        continue;
      }
      current.set(keyOf(r), verdict.write);
      changed.add(keyOf(r));
    }
    const ops: WriteOp[] = [];
    for (const k of new Set([...changed, ...ended])) {
      const pod = current.get(k) as Pod;
      // Its containers are gone: delete it again with grace 0 (removed, unless finalizers remain).
      const end = ended.has(k) ? planDelete(pod, { now: this.o.clock(), gracePeriodSeconds: 0, nodeExists: true }).op : undefined;
      if (end) this.o.log.info({ node: nodeName, pod: k }, "pod's containers stopped: its deletion is complete");
      if (end) ops.push(end);
      else if (changed.has(k)) ops.push({ type: "update", object: pod });
    }
    try {
      if (ops.length > 0) await this.o.store.commit(ops);
      for (const k of changed) traceLatency("status stored", k, { phase: current.get(k)?.status?.phase ?? "" });
      this.countStatusFacts(read, keys, current, changed);
    } catch (err) {
      // A pod deleted since it was read: read again (it is skipped then), as for a conflict.
      if (err instanceof NotFoundError) throw new ConflictError(err.message, { cause: err });
      throw err;
    }
  }

  /**
   * The pods reported on. From the cache only a pod on which every report would be written:
   * the commit checks that version is still the stored one. Whatever decides NOT to write (a
   * stale, foreign or unchanged report, the end of a deletion) is decided on the store's pod.
   */
  private async readPods(nodeName: string, keys: string[], valid: ValidReport[], cacheFirst: boolean): Promise<(Pod | undefined)[]> {
    const cache = cacheFirst && this.o.podCache()?.hasSynced() ? this.o.podCache() : undefined;
    return Promise.all(
      keys.map((k) => {
        const cached = cache?.get(k);
        if (cached && writesEvery(cached, valid.filter((v) => keyOf(v.report) === k), nodeName)) return cached;
        return this.o.store.get({ kind: "Pod", namespace: k.slice(0, k.indexOf("/")), name: k.slice(k.indexOf("/") + 1) }) as Promise<Pod | undefined>;
      }),
    );
  }

  /** Pod starts and container restarts, from the statuses just written. */
  private countStatusFacts(read: (unknown | undefined)[], keys: string[], current: Map<string, Pod | undefined>, changed: Set<string>): void {
    const metrics = this.o.metrics;
    if (!metrics) return;
    const now = this.o.clock();
    keys.forEach((k, i) => {
      const before = read[i] as Pod | undefined;
      const after = current.get(k);
      if (!before || !after || !changed.has(k)) return;
      const facts = podStatusFacts(before, after, now);
      if (facts.startedAfterSeconds !== undefined) metrics.podStartLatency.observe(facts.startedAfterSeconds);
      if (facts.restarts > 0) metrics.containerRestarts.inc({ namespace: after.metadata.namespace ?? "default" }, facts.restarts);
    });
  }
}

const keyOf = (r: StatusReport) => `${r.namespace}/${r.name}`;

/** Whether each report on `pod`, applied in order, would be written (none skipped, none ending a deletion). */
function writesEvery(pod: Pod, reports: ValidReport[], nodeName: string): boolean {
  let current = pod;
  for (const { report, status } of reports) {
    if (endsDeletion(current, report.containersStopped ?? false, nodeName, report.uid)) return false;
    const verdict = mergeReportedStatus(current, status, nodeName, report.uid);
    if ("skip" in verdict) return false;
    current = verdict.write;
  }
  return true;
}
