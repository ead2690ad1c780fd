// The steps a reader of the trace gets, wherever it reads (Api.Trace, the dashboard's SSE): the
// steps kept (of one namespace, or all), oldest first, then with `follow` each new one as it
// comes, until `signal`. A follower that stops reading is cut off once FOLLOW_BUFFER steps wait
// for it, rather than held in memory without bound.
import { UnavailableError, type TraceStep } from "@skiff/api";
import type { TraceRing } from "./trace-ring.js";

export const FOLLOW_BUFFER = 5000;

export async function* traceSteps(ring: TraceRing, o: { namespace?: string | undefined; follow: boolean; signal: AbortSignal }): AsyncGenerator<TraceStep> {
  const mine = (s: TraceStep) => !o.namespace || s.namespace === o.namespace;
  const waiting: TraceStep[] = [];
  let wake: (() => void) | undefined;
  // Followed before listing, so no step falls between the list and the follow.
  const stop = o.follow
    ? ring.follow((s) => {
        if (!mine(s)) return;
        waiting.push(s);
        wake?.();
      })
    : () => undefined;
  const onAbort = () => wake?.();
  o.signal.addEventListener("abort", onAbort);
  try {
    for (const s of ring.list(o.namespace || undefined)) {
      if (o.signal.aborted) return;
      yield s;
    }
    while (o.follow && !o.signal.aborted) {
      if (waiting.length > FOLLOW_BUFFER) throw new UnavailableError(`trace follower fell ${FOLLOW_BUFFER} steps behind; follow again`);
      const next = waiting.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stop();
    o.signal.removeEventListener("abort", onAbort);
  }
}
