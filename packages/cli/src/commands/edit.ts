// skiff edit KIND/NAME: the object as YAML in $KUBE_EDITOR, else $EDITOR, else vi; what is saved
// is written back (an Update carrying the resourceVersion read). A file that does not parse, or
// an object the server refuses, re-opens the editor with the error as comments at the top, as
// kubectl does; saving it unchanged then gives up, keeping the file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { SkiffError, type ApiObject } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { checkSameObject, editBuffer, readEdited } from "../edit-buffer.js";
import { resourceType, rethrowNotFound } from "../kinds.js";
import { resourceName } from "../output/printers.js";
import { parseTarget } from "../resource-args.js";

interface EditArgs extends GlobalArgs {
  args: string[];
}

export const editCommand: CommandModule<GlobalArgs, EditArgs> = {
  command: "edit <args..>",
  describe: "Edit an object in your editor ($KUBE_EDITOR or $EDITOR) and save it back",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("args", { type: "string", array: true, demandOption: true, describe: "KIND/NAME, or KIND NAME" })
      .example("skiff edit deployment/web", "")
      .example("KUBE_EDITOR=nano skiff edit svc web", "") as unknown as Argv<EditArgs>,
  handler: async (args) => {
    const { info, name } = parseTarget(args.args);
    const namespace = info.namespaced ? namespaceFor(args) : "";
    await withClient(args, async (client) => {
      const live = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
      const dir = mkdtempSync(join(tmpdir(), "skiff-edit-"));
      const file = join(dir, `${info.plural}-${name}.yaml`);
      let shown = editBuffer(live);
      let failed = false;
      for (;;) {
        writeFileSync(file, shown);
        openEditor(file);
        const saved = readFileSync(file, "utf8");
        if (failed && saved === shown) {
          throw new UserError(`Edit cancelled, no valid changes were saved.\nA copy of your changes has been stored to "${file}"`);
        }
        let edited: ApiObject;
        try {
          const parsed = readEdited(saved);
          if (parsed === undefined) {
            process.stderr.write("Edit cancelled, no changes made.\n");
            break;
          }
          edited = checkSameObject(live, parsed);
          if (JSON.stringify(edited) === JSON.stringify(live)) {
            process.stderr.write("Edit cancelled, no changes made.\n");
            break;
          }
          const written = await client.update(edited);
          process.stdout.write(`${resourceName(written)} edited\n`);
          break;
        } catch (err) {
          if (!(err instanceof UserError || err instanceof SkiffError)) throw err;
          // Back into the editor with the failure on top, as kubectl does.
          failed = true;
          const message = err instanceof UserError ? err.message : `${resourceType(info)} "${name}" was not valid:\n* ${err.message.split("\n").join("\n* ")}`;
          shown = editBuffer(safeParse(saved) ?? live, message);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    });
  },
};

/** What the user typed, to show again after an error; the live object when it does not parse. */
function safeParse(text: string): ApiObject | undefined {
  try {
    const v = readEdited(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as ApiObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The user's editor, through the shell so that `code --wait` or `vim -n` work as in kubectl. */
function openEditor(file: string): void {
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || "vi";
  const r = spawnSync(`${editor} ${JSON.stringify(file)}`, { shell: true, stdio: "inherit" });
  if (r.error) throw new UserError(`error: cannot run the editor "${editor}": ${r.error.message}`, { cause: r.error });
  if (r.status !== 0) throw new UserError(`error: there was a problem with the editor "${editor}" (exit ${r.status})`);
}
