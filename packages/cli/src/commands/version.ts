// skiff version: the client's version, then the server's (from Health), then which server leads
// (the leader Lease). An unreachable
// server still lets the client version print first, then fails with the usual message.
import type { CommandModule } from "yargs";
import { withClient, type GlobalArgs } from "../context.js";
import { clientVersion } from "../version.js";
import { leaderLine } from "../leader-line.js";
import { NotFoundError, type Lease } from "@skiff/api";

export const versionCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "version",
  describe: "Print the client and server versions",
  handler: async (args) => {
    process.stdout.write(`Client Version: v${clientVersion()}\n`);
    const [health, lease] = await withClient(args, (c) =>
      Promise.all([c.health(), c.leases.get("skiff-controller-manager", { namespace: "kube-system" }).catch((err: unknown) => (err instanceof NotFoundError ? undefined : Promise.reject(err)))]),
    );
    process.stdout.write(`Server Version: v${health.version}\n`);
    process.stdout.write(`${leaderLine(lease as Lease | undefined, Date.now())}\n`);
  },
};
