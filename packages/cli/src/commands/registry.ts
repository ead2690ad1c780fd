// Every `skiff` verb, by name, with the line `skiff --help` shows for it and how to load it.
// cli.ts imports a command's module only when that command runs: loading them all (the server,
// the agent, gRPC, every printer) cost about a second at each start, for any command (issue 18).
// `command` and `describe` repeat the module's own; registry.test.ts keeps them equal.
import type { CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandModule<GlobalArgs, any>;

export interface CommandEntry {
  /** The yargs command string, positionals included: `get <kind> [names..]`. */
  command: string;
  describe: string;
  load: () => Promise<AnyCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { command: "server", describe: "Run the control plane (API, store, controllers)", load: async () => (await import("./server.js")).serverCommand },
  { command: "agent", describe: "Run a node agent: register with the server and run the pods it assigns, through Docker", load: async () => (await import("./agent.js")).agentCommand },
  { command: "sim", describe: "Simulate N nodes in one process (real node sessions, fake containers): watch the control plane at scale", load: async () => (await import("./sim.js")).simCommand },
  { command: "up", describe: "Start a local cluster: a server and N agents on this machine's Docker engine (again: start what is not running)", load: async () => (await import("./up.js")).upCommand },
  { command: "down", describe: "Stop the local cluster of 'skiff up' and remove its containers", load: async () => (await import("./down.js")).downCommand },
  { command: "apply", describe: "Create or update objects from manifest files (YAML or JSON)", load: async () => (await import("./apply.js")).applyCommand },
  { command: "create", describe: "Create an object from flags (deployment, job, cronjob, configmap, secret)", load: async () => (await import("./create.js")).createCommand },
  { command: "get <kind> [names..]", describe: "List objects of a kind, or show some by name", load: async () => (await import("./get.js")).getCommand },
  { command: "describe <kind> [names..]", describe: "Show the details of objects (all of a kind when no name is given)", load: async () => (await import("./describe.js")).describeCommand },
  { command: "delete [kind] [names..]", describe: "Delete objects by kind and name, or those in manifest files", load: async () => (await import("./delete.js")).deleteCommand },
  { command: "logs <pod>", describe: "Print the logs of a container in a pod", load: async () => (await import("./logs.js")).logsCommand },
  { command: "exec <pod> [command..]", describe: "Run a command in a container and print its output (not interactive)", load: async () => (await import("./exec.js")).execCommand },
  { command: "port-forward <target> <ports..>", describe: "Forward local ports to a pod or to a Service's ready endpoints", load: async () => (await import("./port-forward.js")).portForwardCommand },
  { command: "cordon <node>", describe: "Mark a node unschedulable (the pods on it keep running)", load: async () => (await import("./cordon.js")).cordonCommand },
  { command: "uncordon <node>", describe: "Mark a node schedulable again", load: async () => (await import("./uncordon.js")).uncordonCommand },
  { command: "drain <node>", describe: "Cordon a node and evict its pods (within their disruption budgets), so their controllers recreate them elsewhere", load: async () => (await import("./drain.js")).drainCommand },
  { command: "scale <resources..>", describe: "Set the number of replicas of a Deployment, ReplicaSet or StatefulSet", load: async () => (await import("./scale.js")).scaleCommand },
  { command: "rollout", describe: "Follow, undo, restart, pause or resume the rollout of a Deployment (or StatefulSet, DaemonSet)", load: async () => (await import("./rollout.js")).rolloutCommand },
  { command: "set", describe: "Change a field of existing objects (set image)", load: async () => (await import("./set.js")).setCommand },
  { command: "token", describe: "Make, list and revoke join tokens (for agents) and API tokens", load: async () => (await import("./token.js")).tokenCommand },
  { command: "auth", describe: "Inspect authorization: may I (or --as someone) do this?", load: async () => (await import("./auth.js")).authCommand },
  { command: "kubeconfig", describe: "Print the kubeconfig for kubectl (written by the server), or merge it into ~/.kube/config", load: async () => (await import("./kubeconfig.js")).kubeconfigCommand },
  { command: "label <args..>", describe: "Add, change (--overwrite) or remove (KEY-) labels of objects", load: async () => (await import("./label.js")).labelCommand },
  { command: "annotate <args..>", describe: "Add, change (--overwrite) or remove (KEY-) annotations of objects", load: async () => (await import("./annotate.js")).annotateCommand },
  { command: "patch <args..>", describe: "Change fields of an object with a strategic merge, JSON merge or JSON patch", load: async () => (await import("./patch.js")).patchCommand },
  { command: "api-resources", describe: "List the kinds of object skiff knows, with their short names", load: async () => (await import("./api-resources.js")).apiResourcesCommand },
  { command: "explain <resource>", describe: "Show the fields of a kind, or of one of its fields (pod.spec.containers)", load: async () => (await import("./explain.js")).explainCommand },
  { command: "run <name> [args..]", describe: "Run an image in a new pod", load: async () => (await import("./run.js")).runCommand },
  { command: "expose <args..>", describe: "Make a Service for the pods of a Deployment, ReplicaSet, StatefulSet, pod or Service", load: async () => (await import("./expose.js")).exposeCommand },
  { command: "wait <args..>", describe: "Wait until objects are deleted, have a condition, or a field has a value", load: async () => (await import("./wait.js")).waitCommand },
  { command: "edit <args..>", describe: "Edit an object in your editor ($KUBE_EDITOR or $EDITOR) and save it back", load: async () => (await import("./edit.js")).editCommand },
  { command: "trace <kind> [names..]", describe: "Tell what happened to an object and everything it caused, step by step (-f: live)", load: async () => (await import("./trace.js")).traceCommand },
  { command: "top <what> [name]", describe: "Show the CPU and memory of nodes or pods (the agents' latest Docker stats)", load: async () => (await import("./top.js")).topCommand },
  { command: "dashboard", describe: "Print a one-time login link to the web dashboard (or --open it in a browser)", load: async () => (await import("./dashboard.js")).dashboardCommand },
  { command: "version", describe: "Print the client and server versions", load: async () => (await import("./version.js")).versionCommand },
];

/** The verb of a yargs command string: `get` of `get <kind> [names..]`. */
export function verbOf(entry: Pick<CommandEntry, "command">): string {
  return entry.command.split(" ")[0] ?? "";
}

export function findCommand(verb: string): CommandEntry | undefined {
  return COMMANDS.find((c) => verbOf(c) === verb);
}
