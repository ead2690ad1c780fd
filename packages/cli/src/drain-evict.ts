// Evicting a drained node's pods, as kubectl's drain helper does (k8s.io/kubectl/pkg/drain,
// evictPods): one eviction loop per pod, all at once. An eviction a PodDisruptionBudget refuses
// (429) is printed and asked again every 5 s until the budget allows it or the drain's timeout
// runs out; then the drain gives up naming the budget that blocked it. A pod already gone counts
// as evicted; any other error ends that pod's loop and fails the drain.
import { DisruptionBudgetError, NotFoundError, type Pod } from "@skiff/api";
import { podKey } from "./drain.js";

/** kubectl's EvictErrorRetryDelay. */
export const EVICTION_RETRY_MS = 5_000;

export interface EvictDeps {
  evict(pod: Pod): Promise<void>;
  /** Wait `ms`, or less when the deadline comes first. */
  sleep(ms: number): Promise<void>;
  now(): number;
  /** A line for stdout (`evicting pod ...`) and one for stderr (the retries). */
  out(line: string): void;
  err(line: string): void;
}

/** A pod whose budget still refused it when time ran out. */
export interface Blocked {
  pod: Pod;
  budget: string;
  reason: string;
}

export interface EvictOutcome {
  /** Evicted (or found gone), in the order given: wait for these to disappear. */
  evicted: Pod[];
  blocked: Blocked[];
}

/** kubectl's retry line, word for word: `error when evicting pods/"web-1" -n "default" (will retry after 5s): Cannot evict pod ...`. */
export function retryLine(pod: Pod, err: DisruptionBudgetError, delayMs = EVICTION_RETRY_MS): string {
  return `error when evicting pods/"${pod.metadata.name}" -n "${pod.metadata.namespace ?? "default"}" (will retry after ${delayMs / 1000}s): ${err.message}`;
}

/** What the drain says when it gives up on pods their budgets protect. */
export function blockedMessage(blocked: readonly Blocked[]): string {
  return blocked
    .map((b) => `cannot evict pods/"${b.pod.metadata.name}" -n "${b.pod.metadata.namespace ?? "default"}": the PodDisruptionBudget "${b.budget}" allows no disruption (${b.reason})`)
    .join("; ");
}

/** Evict every pod, retrying the ones budgets refuse until `deadline` (Infinity: no limit). */
export async function evictAll(pods: readonly Pod[], deadline: number, deps: EvictDeps): Promise<EvictOutcome> {
  const evicted: Pod[] = [];
  const blocked: Blocked[] = [];
  // Every loop runs to its end, as kubectl collects every pod's error before it reports.
  const settled = await Promise.allSettled(
    pods.map(async (pod) => {
      for (;;) {
        deps.out(`evicting pod ${podKey(pod)}`);
        try {
          await deps.evict(pod);
          evicted.push(pod);
          return;
        } catch (err) {
          if (err instanceof NotFoundError) return void evicted.push(pod); // gone already: what we wanted
          if (!(err instanceof DisruptionBudgetError)) throw err;
          const left = deadline - deps.now();
          if (left <= 0) return void blocked.push({ pod, budget: err.budget, reason: err.reason });
          deps.err(retryLine(pod, err));
          // The last wait is cut short so that one more try comes at the deadline.
          await deps.sleep(Math.min(EVICTION_RETRY_MS, left));
        }
      }
    }),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  // In the order given, whichever answered first: what the drain prints next is stable.
  const done = new Set(evicted);
  return { evicted: pods.filter((p) => done.has(p)), blocked };
}
