// The CLI knows the built-in kinds by heart; a CRD's kind it learns from the server, only when a
// word or a manifest names a kind it does not know (so a built-in command costs no extra call):
// the command fails with UnknownKindError, the CRDs are listed, and the command runs once more.
import { KINDS, setCustomResources, type CustomResourceDefinition } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { UserError } from "./errors.js";

/** A kind this CLI does not know; `report` is what to show if the server does not know it either. */
export class UnknownKindError extends UserError {
  constructor(
    message: string,
    readonly report: Error = new UserError(message),
  ) {
    super(message);
    this.name = "UnknownKindError";
  }
}

/** `--server X` or `--server=X` in the command line, as yargs would read it. */
export function serverFlag(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--server") return argv[i + 1];
    if (a.startsWith("--server=")) return a.slice("--server=".length);
  }
  return undefined;
}

/** Ask the server (`--server`, else the configured one) for its CRDs and serve their kinds here; false if none or it could not be asked. */
export async function learnCustomKinds(server: string | undefined): Promise<boolean> {
  const client = new SkiffClient({ server });
  try {
    const { items } = await client.list<CustomResourceDefinition>("CustomResourceDefinition");
    setCustomResources(items, KINDS);
    return items.length > 0;
  } catch {
    return false;
  } finally {
    client.close();
  }
}
