// The steps this server keeps for `skiff trace`: the newest CAPACITY, in the order they came, in
// memory only (a restart forgets them; the store keeps the objects, not their stories). Readers
// take the steps kept, then follow each new one.
//
// Memory bound: a step is a dozen short strings with its detail cut at TRACE_DETAIL_MAX (400)
// characters. A full ring of steps whose details are all at that cap measured 8.3 MiB of heap
// (about 1.7 KiB a step; trace-ring.test.ts holds it under 10 MiB); usual details are a fifth of it.
import type { TraceStep } from "@skiff/api";

export const TRACE_CAPACITY = 5000;

export class TraceRing {
  private readonly steps: (TraceStep | undefined)[];
  private next = 0;
  private count = 0;
  private readonly followers = new Set<(step: TraceStep) => void>();

  constructor(readonly capacity = TRACE_CAPACITY) {
    this.steps = new Array<TraceStep | undefined>(capacity);
  }

  push(step: TraceStep): void {
    this.steps[this.next] = step;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    for (const f of this.followers) f(step);
  }

  /** The steps kept, oldest first; only those of `namespace` when given. */
  list(namespace?: string): TraceStep[] {
    const out: TraceStep[] = [];
    for (let i = 0; i < this.count; i++) {
      const s = this.steps[(this.next - this.count + i + this.capacity) % this.capacity];
      if (s && (!namespace || s.namespace === namespace)) out.push(s);
    }
    return out;
  }

  get size(): number {
    return this.count;
  }

  /** Calls `follower` with each step pushed from now on, until the returned function is called. */
  follow(follower: (step: TraceStep) => void): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }
}
