// skiff kubeconfig [--merge [--use]]: the kubeconfig `skiff server` writes on every start beside the
// client config (~/.skiff/config -> ~/.skiff/kubeconfig), for kubectl and the Kubernetes client
// libraries. Printed as it is, or merged into ~/.kube/config (the first path of $KUBECONFIG): its
// cluster, user and context replace entries of the same names, every other entry stays, and the
// current context changes only with --use. The server itself never touches ~/.kube/config.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { Document, isMap, isSeq, parse, parseDocument, type YAMLMap } from "yaml";
import { kubeconfigPathFor } from "@skiff/api";
import { configPath } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UsageError, UserError } from "../errors.js";

interface KubeconfigArgs extends GlobalArgs {
  merge: boolean;
  use: boolean;
  user?: string;
  group: string[];
  ttl?: string;
}

/** What is merged from the server's kubeconfig: its named entries, and its current context. */
interface Source {
  clusters?: { name: string; cluster?: { server?: unknown } }[];
  users?: { name: string }[];
  contexts?: { name: string }[];
  "current-context"?: string;
}

/** The kubeconfig's lists whose entries are merged by name. */
const SECTIONS = [
  ["clusters", "cluster"],
  ["users", "user"],
  ["contexts", "context"],
] as const;

/** Where the server wrote the kubeconfig for the CLI's cluster: beside the client config (@skiff/api kubeconfigPathFor). */
export function kubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return kubeconfigPathFor(configPath(env));
}

/** The server address (`https://HOST:PORT`) of the kubeconfig at `path`; undefined if there is none or it is unreadable. */
export function kubeconfigServer(path: string): string | undefined {
  try {
    const server = (parse(readFileSync(path, "utf8")) as Source | null)?.clusters?.[0]?.cluster?.server;
    return typeof server === "string" && server ? server : undefined;
  } catch {
    return undefined;
  }
}

/** The kubeconfig kubectl uses: the first path of $KUBECONFIG, else ~/.kube/config. */
export function kubectlConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env.KUBECONFIG ?? "").split(delimiter).find((p) => p !== "");
  return first ?? join(env.HOME || homedir(), ".kube", "config");
}

export interface Merged {
  text: string;
  /** What changed, in words: `cluster "skiff" added`, `user "skiff-admin" replaced`, ... */
  changes: string[];
  /** The current context after the merge (undefined: none set). */
  currentContext?: string;
}

/**
 * Merge the clusters, users and contexts of `ours` (a kubeconfig's text) into `target` (undefined:
 * no file yet), replacing entries of the same names and keeping every other entry, the comments, and
 * the namespace a context being replaced had. `current-context` becomes ours only if `use`.
 */
export function mergeKubeconfig(target: string | undefined, ours: string, use: boolean, targetName = "the kubeconfig"): Merged {
  const source = parse(ours) as Source;
  const doc = target === undefined ? new Document() : parseDocument(target);
  if (doc.errors.length) throw new UserError(`${targetName} is not valid YAML (${doc.errors[0]!.message.split("\n")[0]}): fix it, or set KUBECONFIG to another file`);
  if (doc.contents === null) doc.contents = doc.createNode({ apiVersion: "v1", kind: "Config", preferences: {} });
  if (!isMap(doc.contents)) throw new UserError(`${targetName} is not a kubeconfig (expected a mapping with clusters, users and contexts)`);
  const changes: string[] = [];
  for (const [section, word] of SECTIONS) {
    if (doc.get(section) == null) doc.set(section, doc.createNode([])); // missing, or `clusters:` with nothing
    const list = doc.get(section);
    if (!isSeq(list)) throw new UserError(`${targetName}: ${section} is not a list`);
    for (const entry of source[section] ?? []) {
      const at = list.items.findIndex((item) => isMap(item) && item.get("name") === entry.name);
      const node = doc.createNode(entry) as YAMLMap;
      if (at < 0) {
        list.items.push(node);
        changes.push(`${word} "${entry.name}" added`);
        continue;
      }
      // A namespace chosen for this context (kubectl config set-context --current --namespace) stays.
      const namespace = (list.items[at] as YAMLMap).getIn(["context", "namespace"]);
      if (section === "contexts" && typeof namespace === "string" && namespace) node.setIn(["context", "namespace"], namespace);
      list.items[at] = node;
      changes.push(`${word} "${entry.name}" replaced`);
    }
  }
  if (use && source["current-context"]) doc.set("current-context", source["current-context"]);
  const current = doc.get("current-context");
  return { text: doc.toString({ lineWidth: 0 }), changes, currentContext: typeof current === "string" && current ? current : undefined };
}

export const kubeconfigCommand: CommandModule<GlobalArgs, KubeconfigArgs> = {
  command: "kubeconfig",
  describe: "Print the kubeconfig for kubectl (written by the server), or merge it into ~/.kube/config",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("merge", { type: "boolean", default: false, describe: "Add its cluster, user and context (skiff) to ~/.kube/config, or $KUBECONFIG's first file" })
      .option("use", { type: "boolean", default: false, describe: "With --merge: also make skiff kubectl's current context" })
      .option("user", { type: "string", describe: "A kubeconfig for this user instead of the admin: a new API token of theirs (context skiff-USER)" })
      .option("group", { type: "string", array: true, default: [] as string[], describe: "With --user: a group of the user (repeatable)" })
      .option("ttl", { type: "string", describe: "With --user: how long the token is valid (e.g. 8h); default forever" })
      .example("skiff kubeconfig --user alice -n team-a > alice.kubeconfig", "")
      .example("KUBECONFIG=~/.skiff/kubeconfig kubectl get pods", "")
      .example("skiff kubeconfig --merge --use && kubectl get pods", "") as unknown as Argv<KubeconfigArgs>,
  handler: async (args) => {
    if (args.use && !args.merge) throw new UsageError("--use changes kubectl's current context: it needs --merge");
    if ((args.group.length > 0 || args.ttl) && !args.user) throw new UsageError("--group and --ttl need --user");
    const path = kubeconfigPath();
    let ours = readOurs(path);
    if (args.user) ours = await (await import("./kubeconfig-user.js")).userKubeconfig({ ...args, user: args.user }, ours);
    if (!args.merge) {
      process.stdout.write(ours);
      return;
    }
    const target = kubectlConfigPath();
    const existing = existsSync(target);
    const merged = mergeKubeconfig(existing ? readFileSync(target, "utf8") : undefined, ours, args.use, target);
    writePrivate(existing ? realpathSync(target) : target, merged.text);
    const ourContext = (parse(ours) as Source)["current-context"] ?? "skiff";
    const current = merged.currentContext === ourContext ? `current context: "${ourContext}"` : `current context unchanged (${merged.currentContext ? `"${merged.currentContext}"` : "none"}); 'kubectl config use-context ${ourContext}' or --use switches to ${ourContext}`;
    process.stdout.write(`${existing ? "merged into" : "created"} ${target}: ${merged.changes.join(", ")}\n${current}\n`);
  },
};

/** The server's kubeconfig: its text, checked to be YAML (it is merged). */
function readOurs(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new UserError(`no kubeconfig at ${path}: start 'skiff server' (or 'skiff up') first`);
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    parse(text);
  } catch (err) {
    throw new UserError(`${path} is not valid YAML: restart 'skiff server', which writes it again`, { cause: err });
  }
  return text;
}

/** Write `text` at `path` (0600) through a temporary file, so kubectl never reads half a file; a new directory is 0700. */
function writePrivate(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.skiff-tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
