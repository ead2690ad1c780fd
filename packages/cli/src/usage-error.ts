// A wrong command line, apart from errors.ts so that cli.ts can throw it before anything heavy loads.

/** The command line itself is wrong (unknown flag, missing argument): yargs' complaints. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
