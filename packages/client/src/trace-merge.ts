// `trace` against several servers (an HA cluster): each server keeps every write, but the steps of
// the agents connected to it and, on the leader, the scheduler's. The story is whole only with all
// of them, so every server is asked and their steps are merged, each write told once.
import type { TraceStep } from "@skiff/api";

/** How many step keys are remembered to drop the same write told by another server. */
const SEEN_MAX = 20_000;

/**
 * What makes two servers' steps the same step: a write is one revision of one object, whatever
 * time each server saw it; a step without a revision happened in one process, at one time.
 */
export function traceStepKey(s: TraceStep): string {
  const what = `${s.kind}/${s.namespace ?? ""}/${s.name}|${s.component}|${s.node ?? ""}|${s.step}`;
  return s.revision !== undefined ? `${what}|r${s.revision}` : `${what}|${s.at}|${s.detail}`;
}

/** Drops the steps already seen (bounded: the oldest keys are forgotten first). */
export class StepDeduper {
  private readonly seen = new Set<string>();

  fresh(s: TraceStep): boolean {
    const key = traceStepKey(s);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > SEEN_MAX) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}

/**
 * The steps of every source, as they come, each once. A source that fails is left out while another
 * still answers (a dead server of an HA cluster); only when every source failed is the first
 * failure thrown.
 */
export async function* mergeTraces(sources: ((signal: AbortSignal) => AsyncIterable<TraceStep>)[], signal?: AbortSignal): AsyncGenerator<TraceStep, void, undefined> {
  // Aborted when the caller's signal is, or when the caller stops reading: every stream then ends.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) stop.abort();
  const dedupe = new StepDeduper();
  const queue: TraceStep[] = [];
  const failures: unknown[] = [];
  let running = sources.length;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  for (const open of sources) {
    void (async () => {
      try {
        for await (const step of open(stop.signal)) {
          if (dedupe.fresh(step)) queue.push(step);
          notify();
        }
      } catch (err) {
        failures.push(err);
      } finally {
        running--;
        notify();
      }
    })();
  }
  try {
    for (;;) {
      if (queue.length) {
        yield queue.shift()!;
        continue;
      }
      if (running === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failures.length === sources.length && failures.length > 0 && !stop.signal.aborted) throw failures[0];
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop.abort();
  }
}
