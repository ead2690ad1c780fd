// skiff rollout pause|resume deployment/NAME: spec.paused. A paused Deployment's template changes
// are kept but not rolled out until it is resumed.
import type { Argv, CommandModule } from "yargs";
import type { Deployment } from "@skiff/api";
import { retryOnConflict } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { resourceType, rethrowNotFound } from "../../kinds.js";
import { kindRef } from "../../output/printers.js";
import { parseTargets } from "../../resource-args.js";

interface PauseArgs extends GlobalArgs {
  resources: string[];
}

function pauseModule(paused: boolean): CommandModule<GlobalArgs, PauseArgs> {
  const verb = paused ? "pause" : "resume";
  return {
    command: `${verb} <resources..>`,
    describe: paused ? "Stop rolling out a Deployment's template changes" : "Roll out a paused Deployment again",
    builder: (y: Argv<GlobalArgs>) =>
      y
        .positional("resources", { type: "string", array: true, demandOption: true, describe: "deployment/NAME" })
        .example(`skiff rollout ${verb} deploy/web`, "") as unknown as Argv<PauseArgs>,
    handler: async (args) => {
      const targets = parseTargets(args.resources, { kinds: ["Deployment"], verb: `rollout ${verb}` });
      const namespace = namespaceFor(args);
      const errors: UserError[] = [];
      await withClient(args, async (client) => {
        for (const { info, name } of targets) {
          const changed = await retryOnConflict(async () => {
            const d: Deployment = await client.deployments.get(name, { namespace }).catch(rethrowNotFound(info, name));
            if (Boolean(d.spec.paused) === paused) return false;
            const { paused: _old, ...spec } = d.spec;
            await client.deployments.update({ ...d, spec: paused ? { ...spec, paused: true } : spec });
            return true;
          });
          // kubectl goes on with the others and reports the unchanged ones as errors at the end.
          if (changed) process.stdout.write(`${kindRef(info.kind)}/${name} ${paused ? "paused" : "resumed"}\n`);
          else errors.push(new UserError(`${resourceType(info)} "${name}" ${paused ? "is already paused" : "is not paused"}`));
        }
      });
      if (errors.length === 1 && errors[0]) throw errors[0];
      if (errors.length) throw new AggregateError(errors, "some deployments were unchanged");
    },
  };
}

export const pauseCommand = pauseModule(true);
export const resumeCommand = pauseModule(false);
