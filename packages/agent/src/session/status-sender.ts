// The agent's status loop: what the reporter holds goes to the server as soon as it changes, with
// no timer. What one pass reported goes in one call (the loop yields one turn first); what comes
// while a call is on its way waits for it and goes in the next, so a burst still costs few calls.
import { traceLatency, traceStep } from "@skiff/api/core";
import type { PodEvent, PodStatusUpdate } from "@skiff/proto";
import type { StatusReporter } from "./status-reporter.js";

/** Sends one batch; `false`: not sent, keep it for the next call (the server asked to slow down). */
export type SendStatuses = (batch: PodStatusUpdate[], events: PodEvent[]) => Promise<boolean | void>;

/** Runs until `signal` aborts; a failed send (other than a refusal `send` handles) ends it. */
export async function sendStatuses(reporter: StatusReporter, send: SendStatuses, signal: AbortSignal, nodeName?: string): Promise<void> {
  while (!signal.aborted) {
    await reporter.waitForChanges(signal);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const batch = reporter.pending();
    const events = reporter.pendingEvents();
    if ((batch.length === 0 && events.length === 0) || signal.aborted) continue;
    if ((await send(batch, events)) === false) continue;
    for (const u of batch) traceLatency("status reported", `${u.namespace}/${u.name}`, { phase: phaseOf(u.statusJson) });
    if (nodeName) {
      for (const u of batch) {
        const detail = `phase ${phaseOf(u.statusJson) || "?"}${u.containersStopped ? ", all containers stopped: the server may remove the pod" : ""}`;
        traceStep({ component: "agent", node: nodeName, kind: "Pod", namespace: u.namespace ?? "", name: u.name ?? "", ...(u.uid ? { uid: u.uid } : {}), step: "status reported", detail });
      }
    }
    reporter.sent(batch);
    reporter.eventsSent(events);
  }
}

/** The phase in a status report, for a trace line (read from the JSON, not parsed). */
function phaseOf(statusJson: string | undefined): string {
  return /"phase":"(\w+)"/.exec(statusJson ?? "")?.[1] ?? "";
}
