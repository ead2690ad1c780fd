// skiff sim: N simulated nodes in one process, against any server (docs/simulator.md). Each is
// a real node session, the same code as `skiff agent` (join with a token for a certificate,
// register, heartbeat, the Assignments stream, batched status reports); only its containers are
// the agent's FakeRuntime, where every image exists and every container starts at once. So the
// control plane sees 100 or 1,000 nodes, and a person can watch it schedule and track them.
import { homedir } from "node:os";
import { join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { parseCpu, parseMemory } from "@skiff/api";
import { insecureFromEnv, resolveServer } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UsageError, UserError } from "../errors.js";
import { waitForSignal } from "../signals.js";
import { joinToken, parseLabels } from "./agent.js";

interface SimArgs extends GlobalArgs {
  nodes: number;
  namePrefix: string;
  labels?: string;
  cpu: string;
  memory: string;
  maxPods: number;
  tokenFile?: string;
  caCertHash?: string;
  stateDir?: string;
  insecure: boolean;
  parallel: number;
  logLevel: string;
}

export const simCommand: CommandModule<GlobalArgs, SimArgs> = {
  command: "sim",
  describe: "Simulate N nodes in one process (real node sessions, fake containers): watch the control plane at scale",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("nodes", { type: "number", demandOption: true, describe: "How many nodes to simulate" })
      .option("name-prefix", { type: "string", default: "sim", describe: "Nodes are named PREFIX-1, PREFIX-2... (zero-padded)" })
      .option("labels", { type: "string", describe: "Labels of every simulated node, k=v,k2=v2 (skiff.dev/simulated=true is always set)" })
      .option("cpu", { type: "string", default: "4", describe: "CPU each node offers" })
      .option("memory", { type: "string", default: "8Gi", describe: "Memory each node offers" })
      .option("max-pods", { type: "number", default: 110, describe: "Most pods each node runs" })
      .option("token-file", { type: "string", describe: "A file holding a join token ('skiff token create'); or set SKIFF_JOIN_TOKEN. Needed only to join" })
      .option("ca-cert-hash", { type: "string", describe: "sha256:<hex> of the cluster CA, when the join token does not carry it" })
      .option("state-dir", { type: "string", describe: "Where the nodes' keys and certificates are kept, one folder per node (default ~/.skiff/sim)" })
      .option("insecure", { type: "boolean", default: false, describe: "Plaintext, no certificates: for a server run with --insecure" })
      .option("parallel", { type: "number", default: 16, describe: "How many nodes join and start at a time" })
      .option("log-level", {
        choices: ["trace", "debug", "info", "warn", "error", "silent"],
        default: "warn",
        describe: "Log verbosity of the nodes (stderr); info logs every node's registration",
      }) as unknown as Argv<SimArgs>,
  handler: async (args) => {
    for (const [flag, value] of [["--nodes", args.nodes], ["--max-pods", args.maxPods], ["--parallel", args.parallel]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} must be a whole number of at least 1, not ${value}`);
    }
    const cpuMilli = parseCpu(args.cpu);
    const memoryBytes = parseMemory(args.memory);
    const labels = parseLabels(args.labels);
    const { startAgent, createAgentLogger, FakeRuntime, JoinError } = await import("@skiff/agent");
    const insecure = args.insecure || insecureFromEnv() === true;
    const server = resolveServer(args.server);
    const token = insecure ? undefined : joinToken(args.tokenFile);
    const stateRoot = args.stateDir ?? join(process.env.HOME || homedir(), ".skiff", "sim");
    const log = createAgentLogger(args.logLevel);
    const names = nodeNames(args.namePrefix, args.nodes);

    const started = Date.now();
    const every = Math.max(1, Math.floor(args.nodes / 10));
    const registered = new Set<string>();
    let allRegistered!: () => void;
    const everyNodeRegistered = new Promise<void>((resolve) => (allRegistered = resolve));
    const onRegistered = (name: string) => {
      if (registered.has(name)) return; // a reconnect: counted once
      registered.add(name);
      if (registered.size % every === 0 || registered.size === args.nodes) {
        process.stdout.write(`registered ${registered.size}/${args.nodes} nodes (${seconds(started)} s)\n`);
      }
      if (registered.size === args.nodes) allRegistered();
    };

    type Agent = Awaited<ReturnType<typeof startAgent>>;
    const agents: Agent[] = [];
    const stopAll = () => Promise.all(agents.map((a) => a.stop()));
    const signalled = waitForSignal();
    let interrupted = false;
    void signalled.then(() => (interrupted = true));
    try {
      // A few at a time: each join is a TLS handshake, a key pair and a certificate to sign.
      await eachLimited(names, args.parallel, async (name) => {
        if (interrupted) return;
        const agent = await retryBusy(name, log, () => startAgent({
          server,
          name,
          labels,
          cpuMilli,
          memoryBytes,
          maxPods: args.maxPods,
          runtime: new FakeRuntime({ cpuMilli, memoryBytes, anyImage: true }),
          simulated: true,
          insecure,
          stateDir: join(stateRoot, name),
          joinToken: token,
          caCertHash: args.caCertHash,
          log: log.child({ node: name }),
          onRegistered: () => onRegistered(name),
        }));
        agents.push(agent);
      });
    } catch (err) {
      await stopAll();
      if (err instanceof JoinError) throw new UserError(err.message, { cause: err });
      throw err;
    }
    // Until a signal, or until a node's loop fails for good (then all stop: a broken half-simulation misleads).
    const failed = Promise.race(agents.map((a) => a.done.then(() => new Promise<never>(() => undefined))));
    void everyNodeRegistered.then(() =>
      process.stdout.write(
        `skiff sim: ${args.nodes} simulated nodes (${names[0]} .. ${names.at(-1)}) registered with ${server} in ${seconds(started)} s, ` +
          `each offering ${args.cpu} CPU, ${args.memory}, ${args.maxPods} pods; Ctrl-C stops them\n`,
      ),
    );
    const ended = await Promise.race([signalled.then(() => undefined), failed.catch((err: unknown) => err)]);
    await stopAll();
    // The Node objects stay: the server marks them NotReady after its grace period and fails
    // their pods after the eviction timeout. The same command again brings the same nodes back.
    process.stderr.write(
      `stopped ${agents.length} simulated nodes; their Node objects stay (NotReady soon, their pods failed after the eviction timeout): ` +
        `'skiff delete node NAME' removes one, the same 'skiff sim' brings them back\n`,
    );
    if (ended instanceof Error) throw ended;
    process.exit(0);
  },
};

/** PREFIX-1..PREFIX-N, zero-padded so that they sort as numbers: sim-001..sim-100. */
export function nodeNames(prefix: string, n: number): string[] {
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(width, "0")}`);
}

/** Run `work` on every item, at most `limit` at a time; the first failure rejects (the others finish first). */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.err;
}

// gRPC's UNAVAILABLE and DEADLINE_EXCEEDED: the server is busy or not up yet, not refusing us.
const BUSY_CODES = new Set([4, 14]);
const START_ATTEMPTS = 8;

/**
 * Start one node, again after a pause when the server was only busy: a thousand nodes joining a
 * loaded server see joins run past their deadline, and one slow join must not end the simulation.
 * Any other failure (a bad token: JoinError) is final at once.
 */
async function retryBusy<T>(name: string, log: { warn(o: object, msg: string): void }, start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== "number" || !BUSY_CODES.has(code) || attempt >= START_ATTEMPTS) throw err;
      const delayMs = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      log.warn({ node: name, attempt, delayMs: Math.round(delayMs), err: (err as Error).message }, "node start failed: the server is busy; trying again");
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
