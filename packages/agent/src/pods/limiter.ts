// At most `size` holders at once, the others waiting in arrival order: the agent's bound on pods
// creating and starting containers at the same time (Docker's engine serialises beyond about 8).
export class Limiter {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a limit of ${size}: it must be a whole number >= 1`);
  }

  /** Holders now (for tests and logs). */
  get inUse(): number {
    return this.held;
  }

  /** Resolves with the release function once a place is free. */
  async acquire(): Promise<() => void> {
    if (this.held < this.size) this.held++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the place passes on as is
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    };
  }
}
