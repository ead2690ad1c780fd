// `docker logs`: the container's output as raw bytes, stdout and stderr interleaved in the order
// the engine recorded them. Without a TTY the engine sends frames (see demux.ts); with one, the
// bytes as the terminal saw them.
import type Dockerode from "dockerode";
import type { LogOptions } from "../runtime.js";
import { FrameDecoder } from "./demux.js";
import { chunks } from "./streams.js";

export async function* containerLogs(docker: Dockerode, id: string, options: LogOptions = {}): AsyncGenerator<Buffer> {
  const container = docker.getContainer(id);
  const { Config } = await container.inspect();
  const query = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
  // dockerode answers a non-following request with one Buffer, a following one with a stream.
  const source: AsyncIterable<Buffer> = options.follow
    ? chunks(await container.logs({ ...query, follow: true, ...(options.signal ? { abortSignal: options.signal } : {}) }), options.signal)
    : (async function* () {
        yield await container.logs({ ...query, follow: false });
      })();
  if (Config.Tty) {
    yield* source;
    return;
  }
  const decoder = new FrameDecoder();
  for await (const chunk of source) for (const frame of decoder.push(chunk)) yield frame.data;
}
