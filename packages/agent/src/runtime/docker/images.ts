// Images on the engine: is one there, and pulling one. A pull answers 200 at once and reports
// progress as JSON lines; a failure may come later as a line with `error` in it, so the stream
// must be read to its end before the pull can be called a success.
import type Dockerode from "dockerode";
import { ImagePullError } from "../errors.js";
import { engineMessage, statusCode } from "./errors.js";

export async function hasImage(docker: Dockerode, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw err;
  }
}

interface Progress {
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Follows the pull to its end; throws ImagePullError with the engine's words. */
export async function pullImage(docker: Dockerode, image: string, signal?: AbortSignal): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(image, signal ? { abortSignal: signal } : {});
  } catch (err) {
    if (statusCode(err) === undefined) throw err; // not the engine speaking: let the caller map it
    throw new ImagePullError(image, engineMessage(err), { cause: err });
  }
  const output = await new Promise<Progress[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: Progress[]) => (err ? reject(err) : resolve(out)));
  });
  const failed = output.find((p) => p.error || p.errorDetail);
  if (failed) {
    const message = failed.errorDetail?.message ?? failed.error ?? "unknown error";
    throw new ImagePullError(image, message, { cause: failed });
  }
}
