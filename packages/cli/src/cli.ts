// The `skiff` command line: one yargs command module per verb (commands/*.ts, listed in
// commands/registry.ts), and one top-level catch (errors.ts) that turns any failure into one
// message and an exit code. Only the module of the verb being run is loaded (issue 18): the
// others are registered by name and description alone, which is all `skiff --help` shows.
import yargs from "yargs";
import { verbIn } from "./command-line.js";
import { COMMANDS, findCommand, verbOf, type AnyCommand } from "./commands/registry.js";
import { UsageError } from "./usage-error.js";

export async function buildCli(argv: string[]) {
  const verb = verbIn(argv);
  const entry = verb === undefined ? undefined : findCommand(verb);
  // kubectl's answer to a verb that does not exist, rather than yargs' "Unknown argument".
  if (verb !== undefined && !entry) {
    const { unknownCommandMessage } = await import("./unknown-command.js");
    throw new UsageError(unknownCommandMessage(verb, COMMANDS.map(verbOf)));
  }
  const running = entry ? await entry.load() : undefined;
  let cli = yargs(argv)
    .scriptName("skiff")
    .usage("skiff: a small container orchestrator\n\nUsage: skiff <command> [options]")
    .option("server", {
      type: "string",
      global: true,
      describe: "Server address HOST:PORT, or several HOST:PORT,HOST:PORT tried in turn (default: $SKIFF_SERVER, ~/.skiff/config, 127.0.0.1:7443)",
    })
    .option("namespace", { alias: "n", type: "string", global: true, describe: "Namespace (default: default)" })
    .option("as", { type: "string", global: true, describe: "Act as this user (your token's user must be allowed to impersonate)" })
    .option("as-group", { type: "string", array: true, global: true, describe: "With --as: act as a member of this group (repeatable)" });
  for (const c of COMMANDS) {
    const module: AnyCommand = c === entry && running ? running : { command: c.command, describe: c.describe, handler: () => undefined };
    cli = cli.command(module);
  }
  return (
    cli
      // `--no-headers` is a flag of its own (kubectl's), not the negation of a `--headers`.
      .parserConfiguration({ "boolean-negation": false })
      .demandCommand(1, "tell skiff what to do: a command is required")
      // A mistyped flag or command is an error, not silently ignored.
      .strict()
      // `skiff version` is a command (it also asks the server), so no --version flag.
      .version(false)
      .help()
      .alias("help", "h")
      // --help prints and returns rather than exiting, so tests run it in-process too.
      .exitProcess(false)
      .wrap(Math.min(120, process.stdout.columns || 100))
      // Throw instead of printing and exiting, so errors.ts reports every failure the same way.
      // yargs calls this with a message for its own complaints, or with what a handler threw.
      .fail((message, err) => {
        throw err ?? new UsageError(message);
      })
  );
}

async function runOnce(words: string[]): Promise<void> {
  const cli = await buildCli(words);
  await cli.parseAsync();
}

/**
 * Run the command line `argv` (without `node skiff`) and return the exit code. Every failure
 * ends here: one message on stderr, never a stack trace (unless SKIFF_DEBUG is set).
 */
export async function run(argv: string[]): Promise<number> {
  // `skiff` alone shows the help, as kubectl does.
  const words = argv.length ? argv : ["--help"];
  try {
    await runOnce(words);
    return 0;
  } catch (caught) {
    let err = caught;
    // A kind not built in may be a CRD's: learn the server's, then run the command once more.
    const { UnknownKindError, learnCustomKinds, serverFlag } = await import("./custom-kinds.js");
    if (err instanceof UnknownKindError) {
      if (await learnCustomKinds(serverFlag(words))) {
        try {
          await runOnce(words);
          return 0;
        } catch (again) {
          err = again;
        }
      }
      if (err instanceof UnknownKindError) err = err.report;
    }
    // The usage hint names a command's help only when that command exists.
    const verb = verbIn(words);
    const command = verb !== undefined && findCommand(verb) ? verb : "";
    const { report } = await import("./errors.js");
    const { exitCode, text } = report(err, command);
    process.stderr.write(text);
    return exitCode;
  }
}
