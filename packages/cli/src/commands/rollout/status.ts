// skiff rollout status deployment/NAME|statefulset/NAME|daemonset/NAME [--watch=false] [--timeout 5m] [--revision N]:
// print the rollout's progress in kubectl's words as the controller reports it, until it is done.
// Watch-based: one Get, then a Watch from its revision; no polling.
import type { Argv, CommandModule } from "yargs";
import { NotFoundError, parseDuration } from "@skiff/api";
import { rolloutStatus, statusViewer } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { rethrowNotFound } from "../../kinds.js";
import { parseTarget } from "../../resource-args.js";

interface StatusArgs extends GlobalArgs {
  resources: string[];
  watch: boolean;
  timeout: string;
  revision: number;
}

export const statusCommand: CommandModule<GlobalArgs, StatusArgs> = {
  command: "status <resources..>",
  describe: "Show the status of a rollout, and wait until it is done",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resources", { type: "string", array: true, demandOption: true, describe: "deployment/NAME, statefulset/NAME or daemonset/NAME" })
      .option("watch", { alias: "w", type: "boolean", default: true, describe: "Wait until the rollout is done (--watch=false: print the status once)" })
      .option("timeout", { type: "string", default: "0s", describe: "How long to wait before giving up (0s: forever)" })
      .option("revision", { type: "number", default: 0, describe: "Deployments: require this revision (0: the latest)" })
      .example("skiff rollout status deployment/web", "")
      .example("skiff rollout status sts/db --timeout 5m", "") as unknown as Argv<StatusArgs>,
  handler: async (args) => {
    const { info, name } = parseTarget(args.resources, { kinds: ["Deployment", "StatefulSet", "DaemonSet"], verb: "rollout status" });
    const timeoutMs = parseDuration(args.timeout, "--timeout");
    if (!Number.isInteger(args.revision) || args.revision < 0) throw new UserError("revision must be a positive integer");
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      if (!args.watch) {
        const obj = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
        process.stdout.write(statusViewer(info.kind)?.(obj, args.revision).message + "\n");
        return;
      }
      const stop = new AbortController();
      let timedOut = false;
      const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), stop.abort()), timeoutMs) : undefined;
      const onSigint = () => stop.abort();
      process.once("SIGINT", onSigint);
      let last = "";
      let seen = false;
      try {
        for await (const status of rolloutStatus(client, info.kind, name, { namespace, revision: args.revision, signal: stop.signal })) {
          seen = true;
          // kubectl prints on every change to the object; the same line twice says nothing new.
          if (status.message !== last) process.stdout.write(status.message + "\n");
          last = status.message;
        }
      } catch (err) {
        if (err instanceof NotFoundError) {
          if (seen) throw new UserError("object has been deleted", { cause: err });
          rethrowNotFound(info, name)(err);
        }
        throw err;
      } finally {
        clearTimeout(timer);
        process.off("SIGINT", onSigint);
      }
      if (timedOut) throw new UserError("timed out waiting for the condition");
    });
  },
};
