// The `skiff` command line: one yargs command module per verb (commands/*.ts), and one
// top-level catch (errors.ts) that turns any failure into one message and an exit code.
import yargs from "yargs";
import { agentCommand } from "./commands/agent.js";
import { applyCommand } from "./commands/apply.js";
import { downCommand } from "./commands/down.js";
import { upCommand } from "./commands/up.js";
import { deleteCommand } from "./commands/delete.js";
import { cordonCommand } from "./commands/cordon.js";
import { createCommand } from "./commands/create.js";
import { describeCommand } from "./commands/describe.js";
import { drainCommand } from "./commands/drain.js";
import { execCommand } from "./commands/exec.js";
import { getCommand } from "./commands/get.js";
import { kubeconfigCommand } from "./commands/kubeconfig.js";
import { logsCommand } from "./commands/logs.js";
import { portForwardCommand } from "./commands/port-forward.js";
import { serverCommand } from "./commands/server.js";
import { simCommand } from "./commands/sim.js";
import { uncordonCommand } from "./commands/uncordon.js";
import { versionCommand } from "./commands/version.js";
import { rolloutCommand } from "./commands/rollout.js";
import { scaleCommand } from "./commands/scale.js";
import { setCommand } from "./commands/set.js";
import { tokenCommand } from "./commands/token.js";
import { report, UsageError } from "./errors.js";

export function buildCli(argv: string[]) {
  return (
    yargs(argv)
      .scriptName("skiff")
      .usage("skiff: a small container orchestrator\n\nUsage: skiff <command> [options]")
      .option("server", {
        type: "string",
        global: true,
        describe: "Server address HOST:PORT (default: $SKIFF_SERVER, ~/.skiff/config, 127.0.0.1:7443)",
      })
      .option("namespace", { alias: "n", type: "string", global: true, describe: "Namespace (default: default)" })
      .command(serverCommand)
      .command(agentCommand)
      .command(simCommand)
      .command(upCommand)
      .command(downCommand)
      .command(applyCommand)
      .command(createCommand)
      .command(getCommand)
      .command(describeCommand)
      .command(deleteCommand)
      .command(logsCommand)
      .command(execCommand)
      .command(portForwardCommand)
      .command(cordonCommand)
      .command(uncordonCommand)
      .command(drainCommand)
      .command(scaleCommand)
      .command(rolloutCommand)
      .command(setCommand)
      .command(tokenCommand)
      .command(kubeconfigCommand)
      .command(versionCommand)
      // `--no-headers` is a flag of its own (kubectl's), not the negation of a `--headers`.
      .parserConfiguration({ "boolean-negation": false })
      .demandCommand(1, "tell skiff what to do: a command is required")
      // A mistyped flag or command is an error, not silently ignored.
      .strict()
      // `skiff version` is a command (it also asks the server), so no --version flag.
      .version(false)
      .help()
      .alias("help", "h")
      .wrap(Math.min(120, process.stdout.columns || 100))
      // Throw instead of printing and exiting, so errors.ts reports every failure the same way.
      // yargs calls this with a message for its own complaints, or with what a handler threw.
      .fail((message, err) => {
        throw err ?? new UsageError(message);
      })
  );
}

/**
 * Run the command line `argv` (without `node skiff`) and return the exit code. Every failure
 * ends here: one message on stderr, never a stack trace (unless SKIFF_DEBUG is set).
 */
export async function run(argv: string[]): Promise<number> {
  // `skiff` alone shows the help, as kubectl does.
  const cli = buildCli(argv.length ? argv : ["--help"]);
  try {
    await cli.parseAsync();
    return 0;
  } catch (err) {
    const command = argv.find((a) => !a.startsWith("-")) ?? "";
    const { exitCode, text } = report(err, command);
    process.stderr.write(text);
    return exitCode;
  }
}
