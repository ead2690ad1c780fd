// A tiny unbounded async queue: producers `push`, one consumer iterates until `close` or the
// signal aborts. The fake runtime's events and followed logs are made of it.

export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(signal?: AbortSignal) {
    signal?.addEventListener("abort", () => this.close(), { once: true });
    if (signal?.aborted) this.closed = true;
  }

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
