// Daemons (server, agent) run until SIGINT or SIGTERM; a second signal means "leave now".
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`${signal} received, shutting down\n`);
      process.once("SIGINT", () => process.exit(1));
      process.once("SIGTERM", () => process.exit(1));
      resolve(signal);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/**
 * Runs a command that reads a stream (`logs -f`, `trace -f`) with a signal that ends it cleanly:
 * on Ctrl-C when following (exit 0; a second one kills as usual, the listener being gone), and
 * when stdout's reader went away (`| head`: EPIPE), so it stops reading rather than fails.
 */
export async function untilInterrupted<T>(follow: boolean, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  if (follow) process.once("SIGINT", onSigint);
  const onStdoutError = (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") stop.abort();
  };
  process.stdout.on("error", onStdoutError);
  try {
    return await run(stop.signal);
  } finally {
    process.off("SIGINT", onSigint);
    process.stdout.off("error", onStdoutError);
  }
}
