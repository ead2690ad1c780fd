// `skiff trace -f` tells steps in time order although they come from several processes, each
// with its own delay (an agent's steps travel in batches over its session). Each step is held
// `windowMs` after it arrives; steps are told oldest first, so one that arrives late, within the
// window, still takes its place. The clock is passed in (tests drive it).
import { byTime, type TraceStep } from "@skiff/api";

export const REORDER_MS = 1500;

export class Reorder {
  private held: { step: TraceStep; arrived: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly tell: (step: TraceStep) => void,
    private readonly now: () => number = Date.now,
    private readonly schedule: (fn: () => void, ms: number) => NodeJS.Timeout | undefined = (fn, ms) => setTimeout(fn, ms).unref(),
  ) {}

  push(step: TraceStep): void {
    this.held.push({ step, arrived: this.now() });
    this.arm();
  }

  /** Tells every step whose window is over (all of them with `all`), oldest first. */
  release(all = false): void {
    const now = this.now();
    const due = all ? this.held.map((h) => h.step) : this.held.filter((h) => now - h.arrived >= this.windowMs).map((h) => h.step);
    if (due.length === 0) return;
    // A step still held that is older than one due goes first: told in time order, not arrival order.
    const newest = due.reduce((a, b) => (byTime(a, b) >= 0 ? a : b));
    const out = this.held.filter((h) => byTime(h.step, newest) <= 0).map((h) => h.step);
    this.held = this.held.filter((h) => byTime(h.step, newest) > 0);
    for (const s of out.sort(byTime)) this.tell(s);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.release(true);
  }

  private arm(): void {
    if (this.timer || this.held.length === 0) return;
    const first = Math.min(...this.held.map((h) => h.arrived));
    this.timer = this.schedule(() => {
      this.timer = undefined;
      this.release();
      this.arm();
    }, Math.max(0, first + this.windowMs - this.now()));
  }
}
