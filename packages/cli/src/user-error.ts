// Its own file, so that a command can throw it without loading the SDK that errors.ts needs
// (`skiff agent` loads neither the SDK nor the schemas: issue 18).

/** A mistake the user can fix, with the message to show (it may span several lines). */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UserError";
  }
}
