// skiff trace KIND/NAME [-f]: one time-ordered story of an object and everything it caused
// (Deployment -> ReplicaSets -> Pods -> containers on nodes), from the steps the server keeps:
// each write with its revision, the controllers' reactions, the scheduler's decision, the
// assignment sent to the node and received by its agent, the containers it started and stopped,
// the status it reported. -f follows live (one stream, no polling) until Ctrl-C.
import type { Argv, CommandModule } from "yargs";
import { Story, TRACE_HEADER, storyOf, traceLine, type TraceStep } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { resolveKind, rethrowNotFound, splitKindSlashName } from "../kinds.js";
import { UserError } from "../errors.js";
import { Reorder, REORDER_MS } from "../trace-order.js";
import { untilInterrupted } from "../signals.js";

interface TraceArgs extends GlobalArgs {
  kind: string;
  names: string[];
  follow: boolean;
}

export const traceCommand: CommandModule<GlobalArgs, TraceArgs> = {
  command: "trace <kind> [names..]",
  describe: "Tell what happened to an object and everything it caused, step by step (-f: live)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("kind", { type: "string", demandOption: true, describe: "KIND/NAME (deployment/web) or KIND" })
      .positional("names", { type: "string", array: true, default: [] as string[] })
      .option("follow", { alias: "f", type: "boolean", default: false, describe: "Keep telling new steps as they happen until Ctrl-C" })
      .example("skiff trace deployment/web", "")
      .example("skiff trace deployment/web -f", "run `skiff rollout restart deployment/web` in another terminal") as unknown as Argv<TraceArgs>,
  handler: async (args) => {
    splitKindSlashName(args);
    if (args.names.length !== 1) throw new UserError(`skiff trace needs one object, as KIND/NAME (e.g. deployment/web); got ${args.names.length === 0 ? "no name" : `${args.names.length} names`}`);
    const info = resolveKind(args.kind);
    const name = args.names[0]!;
    const namespace = info.namespaced ? namespaceFor(args) : "";
    await untilInterrupted(args.follow, (signal) =>
      withClient(args, async (client) => {
        const root = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
        const story = { kind: info.kind, ...(namespace ? { namespace } : {}), name, ...(root.metadata.uid ? { uid: root.metadata.uid } : {}) };
        const steps = client.trace({ namespace, follow: args.follow, signal });
        if (!args.follow) {
          const kept: TraceStep[] = [];
          for await (const s of steps) kept.push(s);
          const lines = storyOf(story, kept).map(traceLine);
          if (lines.length === 0) process.stderr.write(`no steps kept for ${info.kind.toLowerCase()}/${name}: the server keeps what happened since it started (its newest 5000 steps); try -f and change it\n`);
          else process.stdout.write(`${TRACE_HEADER}\n${lines.join("\n")}\n`);
          return;
        }
        process.stdout.write(`${TRACE_HEADER}\n`);
        // Steps come from several processes (server, agents) with their own delays: they are held
        // REORDER_MS and told in time order, so a learner reads cause before effect.
        const filter = new Story(story);
        const out = new Reorder(REORDER_MS, (s) => process.stdout.write(`${traceLine(s)}\n`));
        try {
          for await (const s of steps) for (const mine of filter.add(s)) out.push(mine);
        } finally {
          out.flush();
        }
      }),
    );
  },
};
