// A network partition made of real kernel parts (R3): two network namespaces of the test's own,
// joined by a veth pair with addresses in a private /30 that exists only inside them.
//
//   agent ns (skc-<run>-a)                    server ns (skc-<run>-s)             host ns
//   skiff agent --server S:7443  --veth-->  relay.mjs on S:7443  --unix socket-->  test process --> 127.0.0.1:<server port>
//                A = 10.231.x.(4k+2)/30                S = 10.231.x.(4k+1)/30
//
// No address or route is added to the host's namespace: the path out of the agent's namespace
// is the veth, and the only thing listening at its other end is a relay to a unix socket (files
// cross namespaces). `cut()` takes the agent's end of the veth down, `heal()` brings it up.
// The agent still reaches Docker through /var/run/docker.sock, a unix socket too: its pods run
// on the host's Docker bridge, their ports published on the node's address in the host's
// namespace (netns-agent.ts), so other nodes' Service proxies still reach them while the agent
// is cut off: the stale copies R3 is about.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { createServer, connect, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const PREFIX = "skc-";
const RELAY = fileURLToPath(new URL("./relay.mjs", import.meta.url));
const RELAY_PORT = 7443;

const ip = (...args: string[]) => exec("ip", args).then((r) => r.stdout);

export class NetnsLink {
  readonly agentNs: string;
  readonly serverNs: string;
  readonly agentIf: string;
  readonly serverIf: string;
  /** The agent's end (its node address); the server's end (where the relay listens). */
  readonly agentAddress: string;
  readonly serverAddress: string;
  private relay?: ChildProcess;
  private bridge?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(readonly run: string, private readonly socketDir: string) {
    this.agentNs = `${PREFIX}${run}-a`;
    this.serverNs = `${PREFIX}${run}-s`;
    this.agentIf = `skc${run}a`;
    this.serverIf = `skc${run}s`;
    const base = randomInt(64) * 4;
    const third = randomInt(256);
    this.serverAddress = `10.231.${third}.${base + 1}`;
    this.agentAddress = `10.231.${third}.${base + 2}`;
  }

  /** Both namespaces, the veth between them, and the relay to the server at `target` (host:port on the host). */
  static async create(socketDir: string, target: { host: string; port: number }): Promise<NetnsLink> {
    const link = new NetnsLink(randomBytes(3).toString("hex"), socketDir);
    try {
      await link.plumb();
      await link.startRelay(target);
    } catch (err) {
      await link.dispose();
      throw err;
    }
    return link;
  }

  /** `--server` for an agent inside the agent's namespace. */
  get serverEndpoint(): string {
    return `${this.serverAddress}:${RELAY_PORT}`;
  }

  /** The command line that runs `argv` inside the agent's namespace. */
  wrap(argv: string[]): string[] {
    return ["ip", "netns", "exec", this.agentNs, ...argv];
  }

  /** The partition: the agent's end of the veth goes down (its route with it). */
  async cut(): Promise<void> {
    await ip("-n", this.agentNs, "link", "set", this.agentIf, "down");
  }

  /** The partition heals: the link comes up, and the kernel puts back the /30's route. */
  async heal(): Promise<void> {
    await ip("-n", this.agentNs, "link", "set", this.agentIf, "up");
  }

  /** Whether the agent's end of the veth is up, as the kernel says. */
  async isUp(): Promise<boolean> {
    const out = await ip("-n", this.agentNs, "-o", "link", "show", this.agentIf);
    return /[<,]UP[,>]/.test(out);
  }

  async dispose(): Promise<void> {
    if (this.relay && this.relay.exitCode === null && this.relay.signalCode === null) {
      const exited = new Promise((r) => this.relay?.once("exit", r));
      this.relay.kill("SIGKILL");
      await exited;
    }
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => (this.bridge ? this.bridge.close(r) : r(undefined)));
    // Deleting a namespace destroys the veth end inside it, and with it the pair.
    for (const ns of [this.agentNs, this.serverNs]) await ip("netns", "del", ns).catch(() => undefined);
  }

  /** Namespaces left by an interrupted run (their names start with skc-). */
  static async removeLeftovers(): Promise<string[]> {
    const names = (await ip("netns", "list")).split("\n").map((l) => l.split(" ")[0] ?? "").filter((n) => n.startsWith(PREFIX));
    for (const ns of names) await ip("netns", "del", ns).catch(() => undefined);
    return names;
  }

  private async plumb(): Promise<void> {
    await ip("netns", "add", this.agentNs);
    await ip("netns", "add", this.serverNs);
    // The pair is made inside the agent's namespace, and one end moved to the server's: neither
    // end is ever in the host's namespace.
    await ip("-n", this.agentNs, "link", "add", this.agentIf, "type", "veth", "peer", "name", this.serverIf, "netns", this.serverNs);
    await ip("-n", this.agentNs, "addr", "add", `${this.agentAddress}/30`, "dev", this.agentIf);
    await ip("-n", this.serverNs, "addr", "add", `${this.serverAddress}/30`, "dev", this.serverIf);
    for (const [ns, dev] of [[this.agentNs, this.agentIf], [this.serverNs, this.serverIf], [this.agentNs, "lo"], [this.serverNs, "lo"]] as const) {
      await ip("-n", ns, "link", "set", dev, "up");
    }
  }

  private async startRelay(target: { host: string; port: number }): Promise<void> {
    const path = join(this.socketDir, `relay-${this.run}.sock`);
    this.bridge = createServer((socket) => {
      const upstream = connect(target.port, target.host);
      for (const s of [socket, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
      }
      socket.pipe(upstream).pipe(socket);
      const close = () => (socket.destroy(), upstream.destroy());
      socket.on("error", close);
      upstream.on("error", close);
      socket.on("close", close);
      upstream.on("close", close);
    });
    await new Promise<void>((resolve, reject) => {
      this.bridge?.once("error", reject);
      this.bridge?.listen(path, () => resolve());
    });
    const relay = spawn("ip", ["netns", "exec", this.serverNs, process.execPath, RELAY, this.serverEndpoint, path], { stdio: ["ignore", "pipe", "pipe"] });
    this.relay = relay;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      relay.stdout?.on("data", (d) => {
        output += d;
        if (output.includes("listening")) resolve();
      });
      relay.stderr?.on("data", (d) => (output += d));
      relay.once("exit", (code) => reject(new Error(`the relay in ${this.serverNs} exited (${code}): ${output}`)));
    });
  }
}
