// skiff exec POD [-c CONTAINER] [-n NS] -- COMMAND [ARGS...]: run a command in a container, print
// what it wrote, and exit with its exit code. Not interactive yet: no stdin, no terminal.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { CommandExit, UserError } from "../errors.js";
import { podArgument } from "../kinds.js";

interface ExecArgs extends GlobalArgs {
  pod: string;
  command: string[];
  "--"?: string[];
  container?: string;
  stdin: boolean;
  tty: boolean;
}

export const execCommand: CommandModule<GlobalArgs, ExecArgs> = {
  command: "exec <pod> [command..]",
  describe: "Run a command in a container and print its output (not interactive)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      // Everything after `--` is the command, flags included (`-- ls -la` is not parsed as ours).
      .parserConfiguration({ "populate--": true })
      .positional("pod", { type: "string", demandOption: true, describe: "The pod (NAME or pod/NAME)" })
      .positional("command", { type: "string", array: true, default: [] as string[], describe: "The command and its arguments, after --" })
      .option("container", { alias: "c", type: "string", describe: "The container (needed when the pod has several)" })
      .option("stdin", { alias: "i", type: "boolean", default: false, describe: "Pass stdin to the command: not supported yet" })
      .option("tty", { alias: "t", type: "boolean", default: false, describe: "Allocate a terminal: not supported yet" })
      .example("skiff exec web -- ls -la /usr/share/nginx/html", "")
      .example("skiff exec web -c sidecar -- sh -c 'echo $HOSTNAME'", "")
      .epilog(
        "The command runs to completion; its stdout and stderr are printed when it ends, and skiff exits with its exit code.\n" +
          "Interactive sessions (-i, -t, `-it`) are not supported yet.",
      ) as unknown as Argv<ExecArgs>,
  handler: async (args) => {
    if (args.stdin || args.tty) {
      throw new UserError("interactive exec (-i, -t) is not supported yet: run a command to completion with skiff exec POD -- COMMAND");
    }
    if (args.command.length) {
      throw new UserError(`put the command after --: skiff exec ${args.pod} -- ${args.command.join(" ")}`);
    }
    const command = args["--"] ?? [];
    if (command.length === 0) throw new UserError(`give the command to run after --, e.g. skiff exec ${args.pod} -- ls /`);
    const result = await withClient(args, (client) =>
      client.exec({ namespace: namespaceFor(args), pod: podArgument(args.pod), container: args.container, command }),
    );
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    if (result.exitCode !== 0) throw new CommandExit(result.exitCode);
  },
};
