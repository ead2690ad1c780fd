// One Server-Sent Events response: JSON messages as `data:` lines, a comment now and then so a
// dead browser is noticed and proxies keep it open, and a signal that ends with the connection
// (or the server). A slow browser is waited for, not buffered for without bound.
import type { ServerResponse } from "node:http";

/** A comment line now and then, so that a dead browser is noticed and proxies keep the stream open. */
const KEEPALIVE_MS = 20_000;

export interface SseStream {
  /** Ends when the browser goes away or the server shuts down. */
  signal: AbortSignal;
  send(message: unknown): Promise<void>;
  /** The browser has not taken what was sent yet: a message that the next one replaces can be skipped. */
  readonly busy: boolean;
  end(): void;
}

export function openSse(res: ServerResponse, shutdown: AbortSignal): SseStream {
  const done = new AbortController();
  res.on("close", () => done.abort());
  const signal = AbortSignal.any([done.signal, shutdown]);
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, private", "X-Accel-Buffering": "no" });
  res.flushHeaders();
  const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
  return {
    signal,
    async send(message) {
      if (signal.aborted) return;
      // A slow browser: wait for it to drain, or to be gone (then the readers end with the signal).
      if (!res.write(`data: ${JSON.stringify(message)}\n\n`)) await new Promise((r) => (res.once("drain", r), res.once("close", r)));
    },
    get busy() {
      return res.writableNeedDrain;
    },
    end() {
      clearInterval(keepalive);
      res.end();
    },
  };
}
