// skiff logs POD [-c CONTAINER] [-f] [--tail N] [-p] [-n NS]: a container's output, as raw bytes.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { podArgument } from "../kinds.js";

interface LogsArgs extends GlobalArgs {
  pod: string;
  container?: string;
  follow: boolean;
  tail: number;
  previous: boolean;
}

export const logsCommand: CommandModule<GlobalArgs, LogsArgs> = {
  command: "logs <pod>",
  describe: "Print the logs of a container in a pod",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("pod", { type: "string", demandOption: true, describe: "The pod (NAME or pod/NAME)" })
      .option("container", { alias: "c", type: "string", describe: "The container (needed when the pod has several)" })
      .option("follow", { alias: "f", type: "boolean", default: false, describe: "Keep streaming new output until Ctrl-C" })
      .option("tail", { type: "number", default: -1, describe: "Only the last N lines (-1: all)" })
      .option("previous", { alias: "p", type: "boolean", default: false, describe: "The previous instance of the container, before its last restart" })
      .example("skiff logs web", "")
      .example("skiff logs web -c sidecar --tail 20 -f", "") as unknown as Argv<LogsArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.tail) || args.tail < -1) throw new UserError(`--tail must be a whole number of lines, or -1 for all (got ${args.tail})`);
    const pod = podArgument(args.pod);
    const stop = new AbortController();
    // Ctrl-C ends a follow cleanly (exit 0); a second one kills as usual, the listener being gone.
    const onSigint = () => stop.abort();
    if (args.follow) process.once("SIGINT", onSigint);
    // `skiff logs web | head`: the reader went away, so stop reading rather than fail.
    const onStdoutError = (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") stop.abort();
    };
    process.stdout.on("error", onStdoutError);
    try {
      await withClient(args, async (client) => {
        const chunks = client.logs({
          namespace: namespaceFor(args),
          pod,
          container: args.container,
          follow: args.follow,
          tailLines: args.tail,
          previous: args.previous,
          signal: stop.signal,
        });
        for await (const chunk of chunks) await write(chunk, stop.signal);
      });
    } finally {
      process.off("SIGINT", onSigint);
      process.stdout.off("error", onStdoutError);
    }
  },
};

/** Write to stdout, waiting when the pipe is full so a slow reader is not buffered for without bound. */
function write(chunk: Buffer, signal: AbortSignal): Promise<void> {
  if (process.stdout.write(chunk) || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      process.stdout.off("drain", done);
      resolve();
    };
    process.stdout.once("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
