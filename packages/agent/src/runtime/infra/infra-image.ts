// The pod infra ("pause") image, made on the node because no registry may be reachable:
// a tar holding one file, /pause, given to `docker import` with CMD ["/pause"].
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type Dockerode from "dockerode";
import { pauseProgram } from "./pause.js";
import { tar } from "./ustar.js";

export const INFRA_REPOSITORY = "skiff/pause";

/**
 * The image's reference. The tag is derived from the program's bytes, so editing pause-*.ts makes
 * a new image instead of silently reusing an old one (and it is never `latest`, which would
 * default imagePullPolicy to Always).
 */
export function infraImageRef(program: Buffer): string {
  return `${INFRA_REPOSITORY}:1-${createHash("sha256").update(program).digest("hex").slice(0, 10)}`;
}

/** The root filesystem of the image, as a tar archive. */
export function infraRootfs(program: Buffer): Buffer {
  return tar([{ name: "pause", mode: 0o755, data: program }]);
}

export async function ensureInfraImage(docker: Dockerode): Promise<string> {
  const { Architecture } = (await docker.info()) as { Architecture: string };
  const program = pauseProgram(Architecture);
  const ref = infraImageRef(program);
  try {
    await docker.getImage(ref).inspect();
    return ref;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  const [repo, tag] = ref.split(":") as [string, string];
  const stream = await docker.importImage(Readable.from([infraRootfs(program)]), {
    repo,
    tag,
    changes: ['CMD ["/pause"]'],
    message: "skiff pod infra image: /pause waits for SIGTERM",
  });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => (err ? reject(err) : resolve(out)));
  });
  const failed = output.find((p) => p.error);
  if (failed) throw new Error(`importing ${ref} failed: ${failed.error}`);
  return ref;
}
