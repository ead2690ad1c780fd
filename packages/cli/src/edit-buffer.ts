// The pure part of `skiff edit`: the text the editor opens (kubectl's header, the error of the
// last attempt as comments, the object as YAML) and what is read back from it.
import type { ApiObject } from "@skiff/api";
import { parse, stringify } from "yaml";
import { UserError } from "./errors.js";

const HEADER = [
  "# Please edit the object below. Lines beginning with a '#' will be ignored,",
  "# and an empty file will abort the edit. If an error occurs while saving this file will be",
  "# reopened with the relevant failures.",
  "#",
];

/** The file's text: the header, the last error (if any) as comments, the object as YAML. */
export function editBuffer(obj: ApiObject, error?: string): string {
  const errorLines = error ? [...error.split("\n").map((l) => `# ${l}`.trimEnd()), "#"] : [];
  return [...HEADER, ...errorLines].join("\n") + "\n" + stringify(obj, { lineWidth: 0, indentSeq: false });
}

/** What the user saved, without comment lines: undefined when nothing is left (the edit is abandoned). */
export function readEdited(text: string): unknown {
  const body = text
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("#"))
    .join("\n");
  if (!body.trim()) return undefined;
  try {
    return parse(body);
  } catch (err) {
    throw new UserError(`error: ${(err as Error).message.split("\n")[0]}`, { cause: err });
  }
}

/** kubectl refuses an edit that makes it another object. */
export function checkSameObject(before: ApiObject, after: unknown): ApiObject {
  if (after === null || typeof after !== "object" || Array.isArray(after)) throw new UserError("error: the edited file must hold one object");
  const o = after as ApiObject;
  if (o.apiVersion !== before.apiVersion || o.kind !== before.kind || o.metadata?.name !== before.metadata.name) {
    throw new UserError("error: At least one of apiVersion, kind and name was changed");
  }
  return o;
}
