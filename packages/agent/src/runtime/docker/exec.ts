// `docker exec`: run a command beside the container's main process and wait for it. The output
// comes back multiplexed on a hijacked connection (see demux.ts); the exit code from a final
// inspect of the exec instance.
import type Dockerode from "dockerode";
import type { ExecResult } from "../runtime.js";
import { FrameDecoder } from "./demux.js";
import { chunks } from "./streams.js";

export async function execInContainer(docker: Dockerode, id: string, command: string[]): Promise<ExecResult> {
  const exec = await docker.getContainer(id).exec({ Cmd: command, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Record<"stdout" | "stderr", Buffer[]> = { stdout: [], stderr: [] };
  const decoder = new FrameDecoder();
  for await (const chunk of chunks(stream)) for (const f of decoder.push(chunk)) out[f.stream].push(f.data);
  const { ExitCode } = await exec.inspect();
  return {
    exitCode: ExitCode ?? -1,
    stdout: Buffer.concat(out.stdout).toString("utf8"),
    stderr: Buffer.concat(out.stderr).toString("utf8"),
  };
}
