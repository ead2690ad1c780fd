// The agent's container runtime: the interface, its two implementations, and its errors.
export type {
  ContainerConfig,
  ContainerInfo,
  ContainerRunState,
  ContainerStats,
  ExecResult,
  LogOptions,
  Mount,
  NetworkInfo,
  NetworkOptions,
  PortBinding,
  PublishedPort,
  Runtime,
  RuntimeEvent,
  RuntimeInfo,
} from "./runtime.js";
export {
  ContainerCreateError,
  ContainerStartError,
  ImageNotPresentError,
  ImagePullError,
  NetworkConflictError,
  RuntimeError,
  RuntimeUnavailableError,
} from "./errors.js";
export { DockerRuntime, type DockerRuntimeOptions } from "./docker/docker-runtime.js";
export { DEFAULT_DOCKER_SOCKET } from "./docker/socket.js";
export { FakeRuntime, FAKE_INFRA_IMAGE, FAKE_USAGE, type FakeRuntimeOptions } from "./fake/fake-runtime.js";
export { defaultBridgeName } from "./bridge-name.js";
export { INFRA_REPOSITORY } from "./infra/infra-image.js";
