// An in-memory Runtime: instant and deterministic, for unit tests of pod workers and for
// simulating hundreds of nodes in one process. Tests drive it with addImage, allowPull, exit,
// failStart, writeLog and onExec; everything else behaves as the Docker engine would, in short.
import { ContainerCreateError, ContainerStartError, ImagePullError } from "../errors.js";
import type {
  ContainerConfig,
  ContainerInfo,
  ContainerStats,
  ExecResult,
  FileToPut,
  NetworkInfo,
  NetworkOptions,
  VolumeInfo,
  VolumeOptions,
  LogOptions,
  Runtime,
  RuntimeEvent,
  RuntimeInfo,
} from "../runtime.js";
import { Channel } from "./channel.js";
import { FakeNetworks } from "./fake-networks.js";
import { FakeVolumes, type FakeFile, type FileOwner } from "./fake-volumes.js";

export interface FakeRuntimeOptions {
  cpuMilli?: number;
  memoryBytes?: number;
  /** Images already on the "node". */
  images?: string[];
  /** Images a pull will find. */
  pullable?: string[];
  /** Every image is already on the node, whatever its name: a `skiff sim` node, which pulls nothing. */
  anyImage?: boolean;
  /** Clock for timestamps; pass a fixed one for reproducible output. */
  now?: () => Date;
  /** How many real milliseconds a second of a stop's grace period lasts (tests shorten it). Default 1000. */
  graceSecondMs?: number;
}

interface FakeContainer {
  info: ContainerInfo;
  config: ContainerConfig;
  output: Buffer[];
  logWatchers: Set<Channel<Buffer>>;
  /** Files put into the container outside any volume, by absolute path. */
  files: Map<string, FakeFile>;
}


export const FAKE_INFRA_IMAGE = "skiff/pause:fake";
/** What a fake running container uses unless a test says otherwise: 1m CPU, 1 MiB. */
export const FAKE_USAGE: ContainerStats = Object.freeze({ cpuNanoCores: 1_000_000, memoryBytes: 2 ** 20 });

export class FakeRuntime implements Runtime {
  readonly images: Set<string>;
  readonly pullable: Set<string>;
  /** Containers by id, for tests that want to look inside. */
  readonly containers = new Map<string, FakeContainer>();
  private readonly usage = new Map<string, ContainerStats>();
  /** Containers whose process ignores SIGTERM (`trap '' TERM`): a stop waits out the grace period, then kills. */
  readonly ignoresTerm = new Set<string>();
  /** The signals stops sent, in order (Docker's stop: SIGTERM, then SIGKILL when the grace period is over). */
  readonly signals: { id: string; signal: "SIGTERM" | "SIGKILL" }[] = [];
  /** Handles exec calls; by default every command succeeds silently. */
  onExec: (id: string, command: string[]) => ExecResult = () => ({ exitCode: 0, stdout: "", stderr: "" });
  private readonly startFailures = new Map<string, string>();
  private readonly watchers = new Set<{ labels: Record<string, string>; channel: Channel<RuntimeEvent> }>();
  private readonly now: () => Date;
  private nextId = 1;
  private nextHostPort = 32768;
  /** Volumes by name, each with the files written into it (not modelled: tests read container files). */
  private readonly fs = new FakeVolumes();
  /** Volumes by name, with the files written into them (tests look inside). */
  readonly volumes = this.fs.volumes;
  /** Networks, for tests that want to look inside. */
  readonly networks = new FakeNetworks();

  constructor(private readonly options: FakeRuntimeOptions = {}) {
    this.images = new Set(options.images);
    this.pullable = new Set(options.pullable);
    this.now = options.now ?? (() => new Date());
  }

  // --- test controls -------------------------------------------------------------------------

  addImage(image: string): void {
    this.images.add(image);
  }

  allowPull(image: string): void {
    this.pullable.add(image);
  }

  /** The container's process ends with `code` (and, optionally, the kernel's OOM killer did it). */
  exit(id: string, code: number, opts: { oomKilled?: boolean } = {}): void {
    const c = this.get(id);
    if (c.info.state !== "running") throw new Error(`fake: container ${id} is not running`);
    Object.assign(c.info, { state: "exited", exitCode: code, finishedAt: this.now().toISOString() });
    delete c.info.ports;
    if (opts.oomKilled) {
      c.info.oomKilled = true;
      this.emit(c, "oom");
    }
    this.emit(c, "die", code);
    for (const w of c.logWatchers) w.close();
  }

  /** The next start of the container named `name` fails with this engine message. */
  failStart(name: string, engineMessage: string): void {
    this.startFailures.set(name, engineMessage);
  }

  writeLog(id: string, text: string): void {
    const c = this.get(id);
    const chunk = Buffer.from(text);
    c.output.push(chunk);
    for (const w of c.logWatchers) w.push(chunk);
  }

  // --- Runtime --------------------------------------------------------------------------------

  async info(): Promise<RuntimeInfo> {
    const { cpuMilli = 4000, memoryBytes = 8 * 2 ** 30 } = this.options;
    return { cpuMilli, memoryBytes, version: "fake 1.0", os: "linux", arch: "x86_64" };
  }

  async hasImage(image: string): Promise<boolean> {
    return this.options.anyImage === true || this.images.has(image);
  }

  async pullImage(image: string): Promise<void> {
    if (!this.pullable.has(image)) {
      const repo = image.replace(/[:@].*$/, "");
      const message = `pull access denied for ${repo}, repository does not exist or may require 'docker login'`;
      throw new ImagePullError(image, message);
    }
    this.images.add(image);
  }

  async ensureInfraImage(): Promise<string> {
    this.images.add(FAKE_INFRA_IMAGE);
    return FAKE_INFRA_IMAGE;
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    return [...this.containers.values()].filter((c) => matches(c.info.labels, labels)).map((c) => copy(c.info));
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    const c = this.containers.get(id);
    return c && copy(c.info);
  }

  async createContainer(config: ContainerConfig): Promise<string> {
    if (!this.options.anyImage && !this.images.has(config.image)) throw new ContainerCreateError(config.name, `No such image: ${config.image}`);
    const taken = [...this.containers.values()].find((c) => c.info.name === config.name);
    if (taken) {
      throw new ContainerCreateError(config.name, `Conflict. The container name "/${config.name}" is already in use by container "${taken.info.id}".`);
    }
    const id = (this.nextId++).toString(16).padStart(64, "0");
    const info: ContainerInfo = {
      id,
      name: config.name,
      image: config.image,
      labels: { ...config.labels },
      state: "created",
      createdAt: this.now().toISOString(),
    };
    this.containers.set(id, { info, config, output: [], logWatchers: new Set(), files: new Map() });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) throw new ContainerStartError(id, `No such container: ${id}`);
    if (c.info.state === "running") return;
    const failure = this.startFailures.get(c.info.name) ?? this.portConflict(c);
    if (failure) {
      this.startFailures.delete(c.info.name);
      Object.assign(c.info, { error: failure, exitCode: 127 });
      throw new ContainerStartError(id, failure);
    }
    delete c.info.error;
    delete c.info.exitCode;
    delete c.info.oomKilled;
    delete c.info.finishedAt;
    Object.assign(c.info, { state: "running", startedAt: this.now().toISOString() });
    if (!c.config.networkMode?.startsWith("container:")) c.info.ipAddress = this.address(c.config.networkMode);
    // As Docker: a binding without a host port gets a free one, shown while the container runs.
    const ports = (c.config.portBindings ?? []).map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostIP: p.hostIP ?? "0.0.0.0", hostPort: p.hostPort || this.nextHostPort++ }));
    if (ports.length > 0) c.info.ports = ports;
    this.emit(c, "start");
  }

  async stopContainer(id: string, graceSeconds = 10): Promise<void> {
    const c = this.containers.get(id);
    if (c?.info.state !== "running") return;
    this.signals.push({ id, signal: "SIGTERM" });
    if (!this.ignoresTerm.has(id)) return this.exit(id, 143); // 128 + SIGTERM
    await new Promise((resolve) => setTimeout(resolve, graceSeconds * (this.options.graceSecondMs ?? 1000)));
    if (c.info.state !== "running") return;
    this.signals.push({ id, signal: "SIGKILL" });
    this.exit(id, 137); // 128 + SIGKILL
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.info.state === "running") this.exit(id, 137); // force: SIGKILL
    this.containers.delete(id);
    this.emit(c, "destroy");
  }

  async *logs(id: string, options: LogOptions = {}): AsyncIterable<Buffer> {
    const c = this.get(id);
    // Watch before reading what is there, so no write falls between the two.
    const follow = options.follow && c.info.state === "running" ? new Channel<Buffer>(options.signal) : undefined;
    if (follow) c.logWatchers.add(follow);
    try {
      const lines = Buffer.concat(c.output).toString().split(/(?<=\n)/).filter(Boolean);
      const from = options.tail === undefined ? 0 : Math.max(0, lines.length - options.tail);
      for (const line of lines.slice(from)) yield Buffer.from(line);
      if (follow) yield* follow;
    } finally {
      if (follow) c.logWatchers.delete(follow);
    }
  }

  async exec(id: string, command: string[]): Promise<ExecResult> {
    if (this.get(id).info.state !== "running") throw new Error(`container ${id} is not running`);
    return this.onExec(id, command);
  }

  events(labels: Record<string, string>, signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    const watcher = { labels, channel: new Channel<RuntimeEvent>(signal) };
    this.watchers.add(watcher);
    signal.addEventListener("abort", () => this.watchers.delete(watcher), { once: true });
    return watcher.channel;
  }

  // --- internals -------------------------------------------------------------------------------

  async ensureVolume(name: string, options: VolumeOptions): Promise<void> {
    this.fs.ensure(name, options);
  }

  async removeVolume(name: string): Promise<void> {
    this.fs.remove(name);
  }

  async listVolumes(labels: Record<string, string>): Promise<VolumeInfo[]> {
    return this.fs.list(labels);
  }

  async ensureNetwork(name: string, options: NetworkOptions): Promise<NetworkInfo> {
    return this.networks.ensure(name, options);
  }

  async networkInfo(name: string): Promise<NetworkInfo | undefined> {
    return this.networks.info(name);
  }

  async removeNetwork(name: string): Promise<void> {
    this.networks.remove(name);
  }

  /** A running container's usage: what setUsage gave it, else FAKE_USAGE. */
  async stats(id: string): Promise<ContainerStats | undefined> {
    const c = this.containers.get(id);
    if (!c || c.info.state !== "running") return undefined;
    return this.usage.get(id) ?? FAKE_USAGE;
  }

  /** Test control: what stats() reports for a container from now on. */
  setUsage(id: string, usage: ContainerStats): void {
    this.usage.set(id, usage);
  }

  async putFiles(containerId: string, dir: string, files: FileToPut[]): Promise<void> {
    this.fs.put(this.owner(containerId), dir, files);
  }

  /** Test control: what a container would read at `path`, through its volume mounts and symlinks. */
  readFile(containerId: string, path: string): Buffer | undefined {
    return this.fs.read(this.owner(containerId), path);
  }

  private owner(id: string): FileOwner {
    const c = this.get(id);
    return { files: c.files, mounts: c.config.mounts ?? [] };
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`fake: no such container ${id}`);
    return c;
  }

  /** An address on the container's network: the fake network's subnet, else Docker's default bridge. */
  private address(networkMode: string | undefined): string {
    const subnet = networkMode ? this.networks.info(networkMode)?.subnet : undefined;
    const prefix = subnet ? subnet.split(".").slice(0, 3).join(".") : "172.17.0";
    return `${prefix}.${(this.nextId % 250) + 2}`;
  }

  private portConflict(c: FakeContainer): string | undefined {
    for (const p of c.config.portBindings ?? []) {
      if (!p.hostPort) continue; // the engine picks a free one
      for (const other of this.containers.values()) {
        if (other.info.state !== "running") continue;
        if (other.config.portBindings?.some((o) => o.hostPort === p.hostPort && o.protocol === p.protocol)) {
          return `driver failed programming external connectivity on endpoint ${c.info.name}: Bind for ${p.hostIP ?? "0.0.0.0"}:${p.hostPort} failed: port is already allocated`;
        }
      }
    }
    return undefined;
  }

  private emit(c: FakeContainer, action: RuntimeEvent["action"], exitCode?: number): void {
    const event: RuntimeEvent = { containerId: c.info.id, action, labels: { ...c.info.labels } };
    if (exitCode !== undefined) event.exitCode = exitCode;
    for (const w of this.watchers) if (matches(c.info.labels, w.labels)) w.channel.push({ ...event });
  }
}

function matches(have: Record<string, string>, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

/** Callers get copies: nothing they do to a result changes the fake's state. */
function copy(info: ContainerInfo): ContainerInfo {
  const out = { ...info, labels: { ...info.labels } };
  if (info.ports) out.ports = info.ports.map((p) => ({ ...p }));
  return out;
}
