// What the agent needs from a container engine, and nothing more. DockerRuntime (docker/) is
// the real one; FakeRuntime (fake/) is in memory, for unit tests and for simulating many nodes.
// The agent's pod workers depend on this interface only, never on dockerode.

export interface RuntimeInfo {
  /** CPU the engine's machine has, in millicores. */
  cpuMilli: number;
  memoryBytes: number;
  /** e.g. "docker 20.10.24" */
  version: string;
  os: string;
  arch: string;
}

export interface PortBinding {
  containerPort: number;
  protocol: "TCP" | "UDP";
  /** 0: a free port the engine picks (read it back from ContainerInfo.ports once started). */
  hostPort: number;
  /** Host address to bind; default all addresses of the engine's host. */
  hostIP?: string;
}

export interface Mount {
  type: "bind" | "volume" | "tmpfs";
  /** Host path (bind) or volume name (volume); unused for tmpfs. */
  source?: string;
  target: string;
  readOnly?: boolean;
  /** tmpfs size limit in bytes. */
  sizeBytes?: number;
}

/** Everything needed to create one container: the pure output of the pod -> container translation. */
export interface ContainerConfig {
  /** Engine-level name; readable, e.g. `skiff_n1_default_web_app_0`. */
  name: string;
  image: string;
  /** Replaces the image's entrypoint (Kubernetes' `command`). */
  command?: string[];
  /** Replaces the image's cmd (Kubernetes' `args`). */
  args?: string[];
  /** `NAME=value` pairs. */
  env?: string[];
  workingDir?: string;
  labels: Record<string, string>;
  /**
   * `container:<id>` joins another container's network namespace; otherwise a network name.
   * With `container:`, hostname, ports and DNS belong to the infra container: Docker refuses them here.
   */
  networkMode?: string;
  portBindings?: PortBinding[];
  hostname?: string;
  cpuLimitMilli?: number;
  memoryLimitBytes?: number;
  mounts?: Mount[];
  dns?: string[];
  dnsSearch?: string[];
  /** resolv.conf options, e.g. "ndots:5". */
  dnsOptions?: string[];
}

/** A port the engine published for a running container: where the host reaches it. */
export interface PublishedPort {
  containerPort: number;
  protocol: "TCP" | "UDP";
  hostIP: string;
  hostPort: number;
}

export type ContainerRunState = "created" | "running" | "paused" | "restarting" | "exited" | "dead" | "removing";

/** What the engine reports about one container. */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: ContainerRunState;
  exitCode?: number;
  oomKilled?: boolean;
  /** The engine's own error text when starting failed (e.g. an executable not found). */
  error?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** IP address on its network (meaningful for a pod's infra container). */
  ipAddress?: string;
  /** The ports published on the host while it runs (a pod's infra container), one per binding. */
  ports?: PublishedPort[];
}

export interface LogOptions {
  follow?: boolean;
  /** Last N lines only. */
  tail?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A container started, died, was killed for memory, etc.: wakes the pod worker early. */
export interface RuntimeEvent {
  containerId: string;
  action: "start" | "die" | "oom" | "destroy";
  labels: Record<string, string>;
  /** For "die": the exit code the engine reported. */
  exitCode?: number;
}

export interface VolumeOptions {
  labels: Record<string, string>;
  /** Back the volume with memory (tmpfs), optionally capped: Secrets and `emptyDir: {medium: Memory}`. */
  tmpfs?: { sizeBytes?: number };
}

export interface VolumeInfo {
  name: string;
  labels: Record<string, string>;
}

/**
 * A file to place inside a container: `path` is relative to the target directory. Entries are
 * placed in order; an entry replaces whatever is at its path (a file or a link replaces even a
 * whole directory, as Docker's archive extraction does), and missing parent directories are made.
 */
export interface FileToPut {
  path: string;
  data: Buffer;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  /** Default "file"; a directory or a symlink ignores `data`. */
  type?: "file" | "directory" | "symlink";
  /** A symlink's target (relative to the link's directory, or absolute in the container). */
  linkTarget?: string;
}

/** A bridge network for a node's pods: Docker's IPAM hands out addresses from `ipRange`. */
export interface NetworkOptions {
  /** e.g. "10.244.6.0/23" */
  subnet: string;
  /** e.g. "10.244.6.0/24": pod IPs only; the rest of the subnet is left for Service addresses. */
  ipRange?: string;
  /** e.g. "10.244.6.1": the host's address on the bridge. */
  gateway: string;
  labels: Record<string, string>;
  /** Linux interface name (at most 15 characters); default `skb-` and a hash of the network name. */
  bridgeName?: string;
}

export interface NetworkInfo {
  id: string;
  name: string;
  subnet?: string;
  gateway?: string;
  /** The Linux bridge on the host, where the agent adds Service addresses. */
  bridgeInterface: string;
  labels: Record<string, string>;
}

/** One container's resource usage now (`docker stats --no-stream`). */
export interface ContainerStats {
  /** CPU averaged over the engine's sampling interval (about a second), in nanocores. */
  cpuNanoCores: number;
  /** The working set: memory in use less inactive file pages (what kubectl top shows). */
  memoryBytes: number;
}

export interface Runtime {
  info(): Promise<RuntimeInfo>;
  hasImage(image: string): Promise<boolean>;
  /** Throws ImagePullError carrying the engine's own message. */
  pullImage(image: string, signal?: AbortSignal): Promise<void>;
  /** Makes the pod infra ("pause") image if the engine lacks it; returns its reference. */
  ensureInfraImage(): Promise<string>;
  /**
   * Every container (any state) carrying all of these labels. DockerRuntime: one list call, plus
   * one inspect per container whose state changed since the last call (see docker/inspect-cache.ts).
   */
  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /** Returns the new container's id. Throws ContainerCreateError with the engine's message. */
  createContainer(config: ContainerConfig): Promise<string>;
  /** Throws ContainerStartError with the engine's message (port already allocated, no such executable...). */
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceSeconds`. A container already stopped is fine. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  /** A container already gone is fine. */
  removeContainer(id: string): Promise<void>;
  /** The container's output (stdout and stderr interleaved, as `docker logs`). */
  logs(id: string, options?: LogOptions): AsyncIterable<Buffer>;
  exec(id: string, command: string[]): Promise<ExecResult>;
  /** Create the named volume unless it exists. */
  ensureVolume(name: string, options: VolumeOptions): Promise<void>;
  /** A volume already gone is fine; one still in use is an error. */
  removeVolume(name: string): Promise<void>;
  /** Every volume carrying all of these labels. */
  listVolumes(labels: Record<string, string>): Promise<VolumeInfo[]>;
  /** Write files into `dir` inside a RUNNING container, replacing what is there (a tmpfs volume is
   *  mounted only while a container using it runs: files put before would land on disk, unseen). */
  putFiles(containerId: string, dir: string, files: FileToPut[]): Promise<void>;
  /** Container events for containers carrying these labels, until the signal aborts. */
  events(labels: Record<string, string>, signal: AbortSignal): AsyncIterable<RuntimeEvent>;
  /**
   * Create the bridge network unless it exists. One that exists with another subnet is an error
   * (NetworkConflictError): its pods would have addresses the rest of the node does not expect.
   */
  ensureNetwork(name: string, options: NetworkOptions): Promise<NetworkInfo>;
  /** Undefined when there is no such network. */
  networkInfo(name: string): Promise<NetworkInfo | undefined>;
  /** A network already gone is fine; one with containers still attached is an error. */
  removeNetwork(name: string): Promise<void>;
  /** CPU and memory of a running container; undefined when it is not running (or gone). */
  stats(id: string): Promise<ContainerStats | undefined>;
}
