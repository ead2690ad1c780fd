// A Node stream as an async iterable that simply ends when `signal` aborts (instead of throwing),
// which is what a caller following logs or events expects.
import type { Readable } from "node:stream";

export async function* chunks(stream: NodeJS.ReadableStream, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const readable = stream as Readable;
  const stop = () => readable.destroy();
  if (signal?.aborted) return stop();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for await (const chunk of readable) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
  } catch (err) {
    if (!signal?.aborted) throw err;
  } finally {
    signal?.removeEventListener("abort", stop);
    readable.destroy();
  }
}

/** Newline-delimited JSON (Docker's events and progress streams), one parsed object at a time. */
export async function* jsonLines(stream: NodeJS.ReadableStream, signal?: AbortSignal): AsyncGenerator<unknown> {
  let buf = "";
  for await (const chunk of chunks(stream, signal)) {
    buf += chunk.toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield JSON.parse(line);
    }
  }
}
