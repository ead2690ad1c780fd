// The trace's view of the store: each write to a workload or a pod becomes a step (describe-
// write.ts), with the write's revision. Runs on every server (each sees every write), so every
// server's ring tells the writes whichever server made them. It remembers a small summary per
// object (not the object), so memory grows with the objects, not with their writes.
import { ExpiredError, TRACED_KINDS, onTraceStep, type ApiObject, type TraceStep } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Component } from "../components.js";
import type { Logger } from "../log.js";
import { describeWrite, summarize, type WatchType, type WriteSummary } from "./describe-write.js";
import type { TraceRing } from "./trace-ring.js";

/**
 * The server's trace: the store's writes, and the steps this process's components record
 * (scheduler, assignments sent). The agents' steps come in by NodeService.ReportTrace.
 */
export function traceComponent(store: Store, ring: TraceRing, log: Logger): Component {
  return {
    name: "trace",
    start: async (signal) => {
      // Steps with component "agent" are the agents' own, which reach the ring with their node.
      const off = onTraceStep((s) => s.component !== "agent" && ring.push(s));
      try {
        await recordWrites(store, ring, log, signal);
      } finally {
        off();
      }
    },
  };
}

async function recordWrites(store: Store, ring: TraceRing, log: Logger, signal: AbortSignal): Promise<void> {
  const known = new Map<string, WriteSummary>();
  let from = store.revision();
  // What exists now is summarized first, so the first write to it is told as a change.
  for (const kind of TRACED_KINDS) for (const o of (await store.list(kind)).items) known.set(keyOf(o), summarize(o));
  while (!signal.aborted) {
    try {
      for await (const ev of store.watch({ kinds: TRACED_KINDS, fromRevision: from, signal })) {
        from = ev.revision;
        const key = keyOf(ev.object);
        const step = describeWrite(ev.type as WatchType, ev.object, ev.revision, known.get(key));
        if (ev.type === "DELETED") known.delete(key);
        else known.set(key, summarize(ev.object));
        if (step) ring.push({ at: new Date().toISOString(), ...step } as TraceStep);
      }
    } catch (err) {
      if (!(err instanceof ExpiredError) || signal.aborted) throw err;
      // Fell behind the store's history: go on from now (the story misses those writes).
      log.info({ revision: from }, "trace watch expired; recording again from the current revision");
      from = store.revision();
    }
  }
}

const keyOf = (o: ApiObject) => o.metadata.uid ?? `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
