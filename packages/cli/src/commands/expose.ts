// skiff expose KIND/NAME [--port P] [--target-port T] [--type ClusterIP|NodePort] [--name N]:
// a Service for the pods of a Deployment, ReplicaSet, StatefulSet, pod or Service, as kubectl expose.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { serviceFor } from "../create-objects.js";
import { rethrowNotFound } from "../kinds.js";
import { parseTarget } from "../resource-args.js";
import { createAndSay, type DryRunArgs, dryRunOptions } from "./create/dry-run.js";

interface ExposeArgs extends GlobalArgs, DryRunArgs {
  args: string[];
  port?: number;
  targetPort?: string;
  protocol: string;
  type?: string;
  name?: string;
  selector?: string;
}

export const exposeCommand: CommandModule<GlobalArgs, ExposeArgs> = {
  command: "expose <args..>",
  describe: "Make a Service for the pods of a Deployment, ReplicaSet, StatefulSet, pod or Service",
  builder: (y: Argv<GlobalArgs>) =>
    dryRunOptions(
      y
        .positional("args", { type: "string", array: true, demandOption: true, describe: "KIND/NAME, or KIND NAME" })
        .option("port", { type: "number", describe: "The Service's port (default: the first container port)" })
        .option("target-port", { type: "string", describe: "The container port (number or name) traffic goes to (default: --port)" })
        .option("protocol", { type: "string", default: "TCP", describe: "TCP or UDP" })
        .option("type", { type: "string", describe: "ClusterIP (default) or NodePort" })
        .option("name", { type: "string", describe: "The Service's name (default: the object's)" })
        .option("selector", { type: "string", describe: "Select these pods instead, k=v,..." })
        .example("skiff expose deployment web --port=80 --target-port=8080 --type=NodePort", ""),
    ) as unknown as Argv<ExposeArgs>,
  handler: async (args) => {
    const { info, name } = parseTarget(args.args, { kinds: ["Deployment", "ReplicaSet", "StatefulSet", "Pod", "Service"], verb: "expose" });
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      const obj = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
      const svc = serviceFor(obj, args);
      await createAndSay(args, svc, (o) => client.create(o), "exposed");
    });
  },
};
