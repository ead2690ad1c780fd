// The real Runtime: a thin adapter from the interface to the Docker Engine API (via dockerode).
// Decisions live elsewhere: containers.ts translates configs, container-info.ts reads states,
// errors.ts names failures. Every method maps an unreachable socket to RuntimeUnavailableError.
import type Dockerode from "dockerode";
import { ContainerCreateError, ContainerStartError } from "../errors.js";
import { ensureInfraImage } from "../infra/infra-image.js";
import type {
  ContainerConfig,
  ContainerInfo,
  ContainerStats,
  ExecResult,
  LogOptions,
  Runtime,
  RuntimeEvent,
  RuntimeInfo,
  FileToPut,
  NetworkInfo,
  NetworkOptions,
  VolumeInfo,
  VolumeOptions,
} from "../runtime.js";
import { fromInspect } from "./container-info.js";
import { listAgrees, listKey } from "./list-key.js";
import { createOptions } from "./containers.js";
import { engineCall, engineMessage, statusCode, unreachable } from "./errors.js";
import { containerEvents } from "./events.js";
import { execInContainer } from "./exec.js";
import { hasImage, pullImage } from "./images.js";
import { InspectCache } from "./inspect-cache.js";
import { containerLogs } from "./logs.js";
import { ensureNetwork, networkInfo, removeNetwork } from "./networks.js";
import { dockerSocketPath } from "./socket.js";
import { ensureVolume, listVolumes, putFiles, removeVolume } from "./volumes.js";
import { containerStats } from "./stats.js";
import { Dockerode as DockerodeWithoutSsh2 } from "./dockerode.js";

export interface DockerRuntimeOptions {
  /** Unix socket of the engine; default DOCKER_HOST (unix://) or /var/run/docker.sock. */
  socketPath?: string;
}

/** Status codes that mean "already the way you want it". */
const fine = (err: unknown, ...codes: number[]) => codes.includes(statusCode(err) ?? 0);

export class DockerRuntime implements Runtime {
  readonly socketPath: string;
  private readonly docker: Dockerode;
  private readonly cache = new InspectCache();
  private infraImage: Promise<string> | undefined;

  constructor(options: DockerRuntimeOptions = {}) {
    this.socketPath = dockerSocketPath(options.socketPath);
    this.docker = new DockerodeWithoutSsh2({ socketPath: this.socketPath });
  }

  private call<T>(fn: () => Promise<T>, mapError?: (err: unknown) => unknown): Promise<T> {
    return engineCall(this.socketPath, fn, mapError);
  }

  info(): Promise<RuntimeInfo> {
    return this.call(async () => {
      const i = (await this.docker.info()) as { NCPU: number; MemTotal: number; ServerVersion: string; OSType: string; Architecture: string };
      return { cpuMilli: i.NCPU * 1000, memoryBytes: i.MemTotal, version: `docker ${i.ServerVersion}`, os: i.OSType, arch: i.Architecture };
    });
  }

  hasImage(image: string): Promise<boolean> {
    return this.call(() => hasImage(this.docker, image));
  }

  pullImage(image: string, signal?: AbortSignal): Promise<void> {
    return this.call(() => pullImage(this.docker, image, signal));
  }

  ensureInfraImage(): Promise<string> {
    // Pod workers ask concurrently at start-up: build once, and try again after a failure.
    this.infraImage ??= this.call(() => ensureInfraImage(this.docker)).catch((err: unknown) => {
      this.infraImage = undefined;
      throw err;
    });
    return this.infraImage;
  }

  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    return this.call(async () => {
      const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
      const listed = await this.docker.listContainers({ all: true, filters: { label } });
      const infos = await Promise.all(
        listed.map(async (c) => {
          const key = listKey(c);
          const cached = this.cache.get(c.Id, key);
          if (cached && listAgrees(c.Status, cached, Date.now())) return cached;
          const info = await this.inspectContainer(c.Id); // undefined: removed meanwhile
          if (info && info.state === c.State) this.cache.set(c.Id, key, info);
          return info;
        }),
      );
      return infos.filter((i): i is ContainerInfo => i !== undefined);
    });
  }

  inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    return this.call(async () => {
      try {
        return fromInspect(await this.docker.getContainer(id).inspect());
      } catch (err) {
        if (fine(err, 404)) return undefined;
        throw err;
      }
    });
  }

  createContainer(config: ContainerConfig): Promise<string> {
    return this.call(
      async () => (await this.docker.createContainer(createOptions(config))).id,
      (err) => new ContainerCreateError(config.name, engineMessage(err), { cause: err }),
    );
  }

  startContainer(id: string): Promise<void> {
    this.cache.forget(id);
    return this.call(
      async () => {
        try {
          await this.docker.getContainer(id).start();
        } catch (err) {
          if (!fine(err, 304)) throw err; // 304: already running
        }
      },
      (err) => new ContainerStartError(id, engineMessage(err), { cause: err }),
    );
  }

  stopContainer(id: string, graceSeconds: number): Promise<void> {
    this.cache.forget(id);
    return this.call(async () => {
      try {
        await this.docker.getContainer(id).stop({ t: Math.max(0, Math.round(graceSeconds)) });
      } catch (err) {
        if (!fine(err, 304, 404)) throw err; // already stopped, or gone
      }
    });
  }

  removeContainer(id: string): Promise<void> {
    this.cache.forget(id);
    return this.call(async () => {
      try {
        await this.docker.getContainer(id).remove({ force: true, v: true });
      } catch (err) {
        if (!fine(err, 404, 409)) throw err; // gone, or its removal already in progress
      }
    });
  }

  async *logs(id: string, options?: LogOptions): AsyncIterable<Buffer> {
    try {
      yield* containerLogs(this.docker, id, options);
    } catch (err) {
      if (options?.signal?.aborted) return;
      throw unreachable(err, this.socketPath) ?? err;
    }
  }

  exec(id: string, command: string[]): Promise<ExecResult> {
    return this.call(() => execInContainer(this.docker, id, command));
  }

  ensureVolume(name: string, options: VolumeOptions): Promise<void> {
    return this.call(() => ensureVolume(this.docker, name, options));
  }

  removeVolume(name: string): Promise<void> {
    return this.call(() => removeVolume(this.docker, name));
  }

  listVolumes(labels: Record<string, string>): Promise<VolumeInfo[]> {
    return this.call(() => listVolumes(this.docker, labels));
  }

  putFiles(containerId: string, dir: string, files: FileToPut[]): Promise<void> {
    return this.call(() => putFiles(this.docker, containerId, dir, files));
  }

  ensureNetwork(name: string, options: NetworkOptions): Promise<NetworkInfo> {
    return this.call(() => ensureNetwork(this.docker, name, options));
  }

  networkInfo(name: string): Promise<NetworkInfo | undefined> {
    return this.call(() => networkInfo(this.docker, name));
  }

  removeNetwork(name: string): Promise<void> {
    return this.call(() => removeNetwork(this.docker, name));
  }

  stats(id: string): Promise<ContainerStats | undefined> {
    return this.call(async () => {
      try {
        return await containerStats(this.docker, id);
      } catch (err) {
        if (fine(err, 404, 409)) return undefined; // gone, or not running
        throw err;
      }
    });
  }

  async *events(labels: Record<string, string>, signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    try {
      for await (const event of containerEvents(this.docker, labels, signal)) {
        // Whatever happened to it (a start, a die, a restart behind skiff's back), inspect it again.
        this.cache.forget(event.containerId);
        yield event;
      }
    } catch (err) {
      if (signal.aborted) return;
      throw unreachable(err, this.socketPath) ?? err;
    }
  }
}
