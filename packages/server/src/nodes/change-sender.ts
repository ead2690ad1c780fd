// Sends changes as soon as it can, never on a timer: the first change after a quiet spell goes
// out on the next turn of the event loop (with whatever the watch had already queued); changes
// that come while a message is on its way wait for it and then go together, at most BATCH_MAX a
// message. A burst costs a few messages; a lone change waits for nothing.
import type { Logger } from "../log.js";

export const BATCH_MAX = 100;

export class ChangeSender<T> {
  private pending: T[] = [];
  private draining: Promise<void> | undefined;
  private failed = false;

  constructor(
    private readonly send: (batch: T[]) => Promise<void>,
    private readonly log: Pick<Logger, "warn">,
  ) {}

  push(changes: readonly T[]): void {
    if (this.failed || changes.length === 0) return;
    this.pending.push(...changes);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Resolves once everything pushed so far is sent (or sending failed). */
  async drained(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0) await this.send(this.pending.splice(0, BATCH_MAX));
    } catch (err) {
      // The stream is broken: the agent re-opens it and gets a COMPLETE set; nothing more goes on this one.
      this.failed = true;
      this.pending = [];
      this.log.warn({ err }, "sending assignments failed; the agent will re-open the stream");
    }
  }
}
