// skiff logs POD|KIND/NAME [-c CONTAINER] [-f] [--tail N] [-p] [-n NS]: a container's output, as
// raw bytes. For a Deployment, Job, Service... one of its pods, chosen as kubectl chooses.
import type { Argv, CommandModule } from "yargs";
import type { Pod } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { resolveKind, rethrowNotFound } from "../kinds.js";
import { podForLogs, podSelectorOf } from "../pod-for-object.js";
import { untilInterrupted } from "../signals.js";

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
      .positional("pod", { type: "string", demandOption: true, describe: "The pod (NAME or pod/NAME), or KIND/NAME: one of its pods (deployment/web, job/pi)" })
      .option("container", { alias: "c", type: "string", describe: "The container (needed when the pod has several)" })
      .option("follow", { alias: "f", type: "boolean", default: false, describe: "Keep streaming new output until Ctrl-C" })
      .option("tail", { type: "number", default: -1, describe: "Only the last N lines (-1: all)" })
      .option("previous", { alias: "p", type: "boolean", default: false, describe: "The previous instance of the container, before its last restart" })
      .example("skiff logs web", "")
      .example("skiff logs web -c sidecar --tail 20 -f", "")
      .example("skiff logs deployment/web", "") as unknown as Argv<LogsArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.tail) || args.tail < -1) throw new UserError(`--tail must be a whole number of lines, or -1 for all (got ${args.tail})`);
    const namespace = namespaceFor(args);
    await untilInterrupted(args.follow, (signal) =>
      withClient(args, async (client) => {
        const pod = await podToRead(client, args.pod, namespace);
        const chunks = client.logs({
          namespace,
          pod,
          container: args.container,
          follow: args.follow,
          tailLines: args.tail,
          previous: args.previous,
          signal,
        });
        for await (const chunk of chunks) await write(chunk, signal);
      }),
    );
  },
};

/** The pod a `logs` argument names: a pod's own name, or one of the pods of a KIND/NAME. */
async function podToRead(client: SkiffClient, typed: string, namespace: string): Promise<string> {
  const slash = typed.indexOf("/");
  if (slash < 0) return typed;
  const info = resolveKind(typed.slice(0, slash));
  const name = typed.slice(slash + 1);
  if (info.kind === "Pod") return name;
  const obj = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
  const pods = (await client.list<Pod>("Pod", { namespace, labelSelector: podSelectorOf(obj) })).items;
  const pod = podForLogs(pods);
  if (!pod) throw new UserError(`no pods found for ${typed}`);
  // kubectl says which it took when there was a choice.
  if (pods.length > 1) process.stderr.write(`Found ${pods.length} pods, using pod/${pod.metadata.name}\n`);
  return pod.metadata.name;
}

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
