// One etcd watch stream, read as a queue: responses wait here until the watch loop asks for them,
// and a broken stream is reported once, as an error from next().
import type { Etcd3, IDuplexStream, IWatchCreateRequest, IWatchRequest, IWatchResponse } from "etcd3";

export class EtcdWatchStream {
  private readonly queue: IWatchResponse[] = [];
  private failure: { error: unknown } | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly stream: IDuplexStream<IWatchRequest, IWatchResponse>) {
    stream.on("data", (response) => {
      this.queue.push(response);
      this.notify();
    });
    stream.on("error", (error) => {
      this.failure ??= { error };
      this.notify();
    });
    stream.on("end", () => {
      this.ended = true;
      this.notify();
    });
  }

  static async open(client: Etcd3, request: IWatchCreateRequest): Promise<EtcdWatchStream> {
    const watch = new EtcdWatchStream(await client.watchClient.watch());
    watch.stream.write({ create_request: request });
    return watch;
  }

  /**
   * The next response; undefined when `signal` aborted. Throws when the stream broke or ended
   * (etcd restarted, the connection dropped): the caller opens a new one from where it was.
   */
  async next(signal: AbortSignal): Promise<IWatchResponse | undefined> {
    for (;;) {
      if (signal.aborted) return undefined;
      const response = this.queue.shift();
      if (response) return response;
      if (this.failure) throw this.failure.error;
      if (this.ended) throw new Error("etcd ended the watch stream");
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal.addEventListener("abort", done, { once: true });
      });
    }
  }

  /** Break it as if the connection had dropped: next() throws `reason`, and the watch reopens. */
  abandon(reason: string): void {
    this.failure ??= { error: new Error(reason) };
    try {
      this.stream.cancel();
    } catch {
      // already closed
    }
    this.notify();
  }

  close(): void {
    this.ended = true;
    try {
      this.stream.cancel();
    } catch {
      // already closed
    }
    this.notify();
  }

  private notify(): void {
    this.wake?.();
  }
}
