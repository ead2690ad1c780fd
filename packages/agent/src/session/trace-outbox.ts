// The agent's steps for `skiff trace` (assignment received, containers created, started and
// stopped and why, status reported), held until the session sends them to the server with
// NodeService.ReportTrace. Steps are best effort: at most MAX wait (the oldest go first when a
// server is away), and a batch the server did not take is not sent again.
import { onTraceStep, type TraceStep } from "@skiff/api/core";

const MAX = 2000;

export class TraceOutbox {
  private steps: TraceStep[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly nodeName: string) {}

  /** Collects this node's agent steps (several agents may share a process) until stopped. */
  listen(): () => void {
    return onTraceStep((s) => {
      if (s.component === "agent" && s.node === this.nodeName) this.add(s);
    });
  }

  add(step: TraceStep): void {
    this.steps.push(step);
    if (this.steps.length > MAX) this.steps.shift();
    this.wake?.();
  }

  /** Everything waiting, once there is something (or the signal aborts: then nothing). */
  async take(signal: AbortSignal): Promise<TraceStep[]> {
    while (this.steps.length === 0 && !signal.aborted) {
      // The listener goes with each wait: the session's signal lives long and waits are many.
      let onAbort: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        onAbort = () => resolve();
        signal.addEventListener("abort", onAbort, { once: true });
      });
      signal.removeEventListener("abort", onAbort!);
      this.wake = undefined;
    }
    const out = this.steps;
    this.steps = [];
    return signal.aborted ? [] : out;
  }
}
