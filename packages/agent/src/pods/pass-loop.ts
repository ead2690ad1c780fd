// The pod manager's loop, level-triggered: a pass runs when something kicked it (assignments,
// a container event, an action done, a probe result) and otherwise after `waitMs()` (the resync
// period, or sooner when a probe is due). Container events only wake it: the pass reads the
// truth from the engine, so a missed event costs a period, not correctness.
import { sleep } from "@skiff/api/core";
import type { Logger } from "pino";
import type { RuntimeEvent } from "../runtime/runtime.js";

export interface PassLoopOptions {
  pass: () => Promise<void>;
  /** How long to sleep after a pass when nothing kicked. */
  waitMs: () => number;
  /** Container events (any of them wakes the loop); retried after `retryMs` when they stop. */
  events: (signal: AbortSignal) => AsyncIterable<RuntimeEvent>;
  retryMs: number;
  /** Work still running that stop() waits for (actions, pulls). */
  inFlight: () => Promise<unknown>[];
  log: Logger;
}

export class PassLoop {
  private wake: (() => void) | undefined;
  private pending = false;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  /** Last message per repeated trouble (engine down...), so it is logged once, not every pass. */
  private readonly troubles = new Map<string, string>();

  constructor(private readonly options: PassLoopOptions) {}

  /** Aborted when the loop stops: for work that should end with it (pulls). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Runs until `signal` aborts or stop() is called. */
  start(signal: AbortSignal): Promise<void> {
    signal.addEventListener("abort", () => this.abort.abort(), { once: true });
    if (signal.aborted) this.abort.abort();
    this.running ??= this.loop();
    return this.running;
  }

  /** Stops the loop and waits for the work in flight. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.kick();
    await this.running;
  }

  /** Something changed: a pass soon (now, or right after the one running). */
  kick(): void {
    this.pending = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    void this.watchEvents(signal);
    while (!signal.aborted) {
      this.pending = false;
      try {
        await this.options.pass();
        this.troubles.delete("pass");
      } catch (error) {
        this.trouble("pass", `reconcile pass failed: ${String(error)}`, error);
      }
      if (!this.pending) await this.sleep(this.options.waitMs(), signal, true);
    }
    await Promise.allSettled(this.options.inFlight());
  }

  /** Waits `ms`, or less if the signal aborts or (`wakeable`, the main loop only) something kicks. */
  private async sleep(ms: number, signal: AbortSignal, wakeable = false): Promise<void> {
    if (!wakeable) return sleep(ms, signal);
    const kicked = new AbortController();
    this.wake = () => kicked.abort();
    await sleep(ms, AbortSignal.any([signal, kicked.signal]));
    this.wake = undefined;
  }

  private async watchEvents(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const event of this.options.events(signal)) {
          this.options.log.trace({ event: event.action, id: event.containerId.slice(0, 12) }, "container event");
          this.kick();
        }
      } catch (error) {
        if (!signal.aborted) this.trouble("events", `container events stopped: ${String(error)}`, error);
      }
      await this.sleep(this.options.retryMs, signal);
    }
  }

  private trouble(kind: string, text: string, error: unknown): void {
    if (this.troubles.get(kind) === text) return;
    this.troubles.set(kind, text);
    this.options.log.warn({ err: error }, text);
  }
}
