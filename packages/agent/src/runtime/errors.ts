// Named errors of the container runtime. Each carries the engine's own words, because "exec:
// \"nosuchcmd\": executable file not found in $PATH" tells a user more than any paraphrase.
// The agent reports them as container reasons (ErrImagePull, CreateContainerError...).

/** Base of every runtime error, so that callers can tell them from bugs. */
export class RuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The engine could not pull the image (no such image, registry unreachable, auth...). */
export class ImagePullError extends RuntimeError {
  readonly image: string;
  constructor(image: string, engineMessage: string, options?: { cause?: unknown }) {
    super(`pulling "${image}" failed: ${engineMessage}`, options);
    this.image = image;
  }
}

/** imagePullPolicy Never, and the image is not on the node. */
export class ImageNotPresentError extends RuntimeError {
  readonly image: string;
  constructor(image: string, options?: { cause?: unknown }) {
    super(`image "${image}" is not present on the node and imagePullPolicy is Never`, options);
    this.image = image;
  }
}

/** The engine refused to create the container (bad config, name in use, no such image...). */
export class ContainerCreateError extends RuntimeError {
  readonly containerName: string;
  constructor(containerName: string, engineMessage: string, options?: { cause?: unknown }) {
    super(`creating container "${containerName}" failed: ${engineMessage}`, options);
    this.containerName = containerName;
  }
}

/** The container exists but would not start (port already allocated, executable not found...). */
export class ContainerStartError extends RuntimeError {
  readonly containerId: string;
  /** The engine's text alone, for a container status' `message`. */
  readonly engineMessage: string;
  constructor(containerId: string, engineMessage: string, options?: { cause?: unknown }) {
    super(`starting container ${containerId.slice(0, 12)} failed: ${engineMessage}`, options);
    this.containerId = containerId;
    this.engineMessage = engineMessage;
  }
}

/** The engine's socket cannot be reached at all: nothing else will work until it is back. */
export class RuntimeUnavailableError extends RuntimeError {
  readonly socketPath: string;
  constructor(socketPath: string, reason: string, options?: { cause?: unknown }) {
    super(
      `cannot reach Docker at ${socketPath} (${reason}). Is the Docker engine running? ` +
        `Start it (e.g. 'sudo systemctl start docker' or 'npm run setup' as root).`,
      options,
    );
    this.socketPath = socketPath;
  }
}

/** A network of that name exists but is not the one asked for (another subnet). */
export class NetworkConflictError extends RuntimeError {
  readonly network: string;
  constructor(network: string, detail: string, options?: { cause?: unknown }) {
    super(`network "${network}" already exists ${detail}; remove it (docker network rm ${network}) or use another node index`, options);
    this.network = network;
  }
}
