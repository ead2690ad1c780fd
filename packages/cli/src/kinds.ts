// What the user typed on the command line (`po`, `deploy`, `deployments.apps`) -> a kind.
import { lookupKind, NotFoundError, type KindInfo } from "@skiff/api";
import { UserError } from "./errors.js";
import { UnknownKindError } from "./custom-kinds.js";

/** kubectl's `KIND/NAME` form (`describe pod/web`): the name joins the names, the kind stays. */
export function splitKindSlashName(args: { kind: string; names: string[] }): void {
  const slash = args.kind.indexOf("/");
  if (slash < 0) return;
  args.names = [args.kind.slice(slash + 1), ...args.names];
  args.kind = args.kind.slice(0, slash);
}

export function resolveKind(typed: string): KindInfo {
  const info = lookupKind(typed);
  // kubectl's wording, so people (and scripts) recognise it.
  if (!info) throw new UnknownKindError(`the server doesn't have a resource type "${typed}"`);
  return info;
}

/** `pods`, `deployments.apps`: how kubectl names a resource type in messages. */
export function resourceType(info: KindInfo): string {
  const group = info.apiVersion.includes("/") ? `.${info.apiVersion.split("/")[0]}` : "";
  return `${info.plural}${group}`;
}

/** `pods "web" not found`: kubectl's NotFound message for a named object. */
export function notFound(info: KindInfo, name: string, cause?: unknown): NotFoundError {
  return new NotFoundError(`${resourceType(info)} "${name}" not found`, { cause });
}

/** Re-throw a server NotFound for `name` in kubectl's words; anything else unchanged. */
export function rethrowNotFound(info: KindInfo, name: string): (err: unknown) => never {
  return (err) => {
    throw err instanceof NotFoundError ? notFound(info, name, err) : err;
  };
}

/** `web`, `pod/web` or `pods/web`: the pod a `logs` or `exec` names, as kubectl accepts it. */
export function podArgument(typed: string): string {
  const slash = typed.indexOf("/");
  if (slash < 0) return typed;
  const kind = lookupKind(typed.slice(0, slash));
  if (kind?.kind !== "Pod") throw new UserError(`only pods can be named here, not "${typed.slice(0, slash)}"`);
  return typed.slice(slash + 1);
}

/**
 * The kinds in kubectl's category `all`, in the order `kubectl get all` prints them. Kubernetes
 * puts a kind in it by its API's categories; skiff's kinds registry has none, so they are named
 * here (a kind not registered is skipped).
 */
export const CATEGORY_ALL = ["Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet", "CronJob", "Job"];

/** `pods`, `po,svc`, `all`, `all,cm`: the kinds a `get` lists, each once, in the order typed. */
export function resolveKinds(typed: string): KindInfo[] {
  const kinds: KindInfo[] = [];
  for (const word of typed.split(",")) {
    if (word === "") throw new UserError(`"${typed}" is not a list of resource types`);
    const infos = word === "all" ? CATEGORY_ALL.map((k) => lookupKind(k)).filter((k) => k !== undefined) : [resolveKind(word)];
    for (const info of infos) if (!kinds.includes(info)) kinds.push(info);
  }
  return kinds;
}
