// The pure part of `skiff wait --for=...`: what is awaited, and whether an object meets it.
//   delete                           the object is gone
//   condition=Ready[=false]          status.conditions has that type (any case) with that status (default True)
//   jsonpath='{.status.phase}'=Running   the path reads that value (without `=VALUE`: it reads anything)
import type { ApiObject } from "@skiff/api";
import { UsageError } from "./usage-error.js";
import { evaluatePath, relaxedPath, textOf } from "@skiff/api";
import type { JsonPath as Path } from "@skiff/api";

export type WaitFor =
  | { type: "delete" }
  | { type: "condition"; name: string; value: string }
  | { type: "jsonpath"; expression: string; path: Path; value?: string };

export function parseWaitFor(text: string): WaitFor {
  if (text === "delete") return { type: "delete" };
  if (text.startsWith("condition=")) {
    const [name = "", value = "true", ...rest] = text.slice("condition=".length).split("=");
    if (!name || rest.length) throw new UsageError(`invalid condition in --for=${text}: give condition=NAME or condition=NAME=VALUE`);
    return { type: "condition", name, value };
  }
  if (text.startsWith("jsonpath=")) {
    const body = text.slice("jsonpath=".length);
    // The value follows the path's closing brace (`{.status.phase}=Running`), or its first `=`.
    const close = body.startsWith("{") ? body.indexOf("}") : -1;
    const eq = body.indexOf("=", close < 0 ? 0 : close);
    const expression = eq < 0 ? body : body.slice(0, eq);
    if (!expression) throw new UsageError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3`);
    return { type: "jsonpath", expression, path: relaxedPath(expression), ...(eq < 0 ? {} : { value: body.slice(eq + 1) }) };
  }
  throw new UsageError(`unrecognized condition: "${text}" (give delete, condition=NAME[=VALUE] or jsonpath=PATH[=VALUE])`);
}

/** Whether `obj` (undefined: it does not exist) is as awaited. */
export function isMet(obj: ApiObject | undefined, w: WaitFor): boolean {
  if (w.type === "delete") return obj === undefined;
  if (!obj) return false;
  if (w.type === "condition") {
    const conditions = ((obj as ApiObject<unknown, { conditions?: { type: string; status: string }[] }>).status?.conditions ?? []) as { type: string; status: string }[];
    return conditions.some((c) => c.type.toLowerCase() === w.name.toLowerCase() && c.status.toLowerCase() === w.value.toLowerCase());
  }
  const values = evaluatePath(w.path, obj, obj);
  if (w.value === undefined) return values.length > 0;
  return values.length > 0 && values.every((v) => textOf(v) === w.value);
}

/** kubectl's word for a met wait: `condition met`, `deleted`. */
export function metMessage(w: WaitFor): string {
  return w.type === "delete" ? "deleted" : "condition met";
}
