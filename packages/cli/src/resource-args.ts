// The objects a verb acts on, as kubectl accepts them: `deployment/web`, `deploy/web sts/db`, or
// `deployment web api` (a kind, then names). `allowed` narrows the kinds the verb supports.
import type { KindInfo } from "@skiff/api";
import { UserError } from "./errors.js";
import { resolveKind } from "./kinds.js";

export interface Target {
  info: KindInfo;
  name: string;
}

/**
 * Parse the words naming objects. Throws UserError, in kubectl's words, when none is named,
 * when both forms are mixed, or (with `allowed`) for a kind the verb cannot act on.
 */
export function parseTargets(words: readonly string[], allowed?: { kinds: readonly string[]; verb: string }): Target[] {
  const [first, ...rest] = words;
  if (!first) throw new UserError("required resource not specified");
  let targets: Target[];
  if (first.includes("/")) {
    targets = words.map((w) => {
      const slash = w.indexOf("/");
      if (slash < 0) throw new UserError(`arguments in resource/name form must have a single resource and name: "${w}"`);
      const name = w.slice(slash + 1);
      if (!name) throw new UserError(`arguments in resource/name form must have a single resource and name: "${w}"`);
      return { info: resolveKind(w.slice(0, slash)), name };
    });
  } else {
    const info = resolveKind(first);
    if (rest.some((w) => w.includes("/"))) {
      throw new UserError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form " +
          `(e.g. 'skiff ${allowed?.verb ?? "get"} resource/<resource_name>' instead of 'skiff ${allowed?.verb ?? "get"} resource resource/<resource_name>')`,
      );
    }
    if (rest.length === 0) throw new UserError(`resource name may not be empty: give the name of the ${info.singular}`);
    targets = rest.map((name) => ({ info, name }));
  }
  if (allowed) {
    for (const t of targets) {
      if (!allowed.kinds.includes(t.info.kind)) {
        throw new UserError(`cannot ${allowed.verb} ${t.info.plural}: only ${allowed.kinds.map((k) => resolveKind(k).plural).join(", ")}`);
      }
    }
  }
  return targets;
}

/** Exactly one object (`rollout status`, `rollout undo`...). */
export function parseTarget(words: readonly string[], allowed?: { kinds: readonly string[]; verb: string }): Target {
  const targets = parseTargets(words, allowed);
  if (targets.length !== 1 || !targets[0]) throw new UserError(`only one resource is supported here, got ${targets.length}`);
  return targets[0];
}
