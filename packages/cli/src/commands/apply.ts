// skiff apply -f FILE|DIR|- [--dry-run] [--strict]
// Validate every document locally first (all errors at once, nothing stored if any), then send
// them all in one Apply call, which the server stores in one atomic batch.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { loadDocuments, readManifestFiles, toArray } from "../manifests.js";
import { resourceName } from "../output/printers.js";

interface ApplyArgs extends GlobalArgs {
  filename: string[];
  dryRun: boolean;
  strict: boolean;
}

export const applyCommand: CommandModule<GlobalArgs, ApplyArgs> = {
  command: "apply",
  describe: "Create or update objects from manifest files (YAML or JSON)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("filename", {
        alias: "f",
        type: "string",
        // Not `array: true`: yargs would then refuse `-f -` (stdin). Repeating -f gives an array.
        coerce: toArray,
        demandOption: "give the manifests to apply with -f FILE, -f DIR or -f - (stdin)",
        describe: "A manifest file, a directory of them (*.yaml, *.yml, *.json), or - for stdin",
      })
      .option("dry-run", { type: "boolean", default: false, describe: "Validate and show what would change; store nothing" })
      .option("strict", { type: "boolean", default: false, describe: "Treat fields skiff does not support as errors" })
      .example("skiff apply -f examples/nginx-deployment.yaml", "") as unknown as Argv<ApplyArgs>,
  handler: async (args) => {
    const docs = loadDocuments(readManifestFiles(args.filename), {
      strict: args.strict,
      namespace: namespaceFor(args),
      namespaceExplicit: Boolean(args.namespace),
    });
    const printed = new Set<string>();
    for (const d of docs) {
      for (const w of d.warnings) {
        printed.add(w);
        process.stderr.write(`Warning: ${d.label}: ${w}\n`);
      }
    }
    const results = await withClient(args, (c) =>
      c.apply(
        docs.map((d) => d.raw),
        { dryRun: args.dryRun, strict: args.strict },
      ),
    );
    const suffix = args.dryRun ? " (dry run)" : "";
    results.forEach((r, i) => {
      // The server validates again; only show what it found that the local check did not.
      for (const w of r.warnings) {
        if (!printed.has(w)) process.stderr.write(`Warning: ${docs[i]?.label ?? "server"}: ${w}\n`);
      }
      process.stdout.write(`${resourceName(r.object)} ${r.action}${suffix}\n`);
    });
  },
};
