// One writer at a time. Compare-and-swap is "read the stored version, check, write": if two
// commits interleaved between their read and their write, both checks could pass and one update
// would be lost. A promise chain is all the lock an in-process, single-threaded writer needs.

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Run `fn` once every earlier caller's `fn` has settled; callers run in call order. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(fn);
    // The next caller waits for this one to settle, whether it succeeded or failed.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
