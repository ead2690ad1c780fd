// @skiff/agent: the node agent.
export { startAgent, createAgentLogger, DEFAULT_MAX_PODS } from "./agent.js";
export type { AgentOptions, RunningAgent } from "./agent.js";
export { JoinError } from "./session/certificates.js";
export { defaultStateDir } from "./session/identity.js";
export { removeNodeResources, nodeNetworkName, type NodeCleanup, type CleanupOptions } from "./cleanup.js";
export { AGENT_VERSION } from "./version.js";
export * from "./runtime/index.js";
export { MetricsListenError } from "./metrics/endpoint.js";
