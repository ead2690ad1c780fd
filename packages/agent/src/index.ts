// @skiff/agent: the node agent.
export { startAgent, DEFAULT_MAX_PODS } from "./agent.js";
export type { AgentOptions, RunningAgent } from "./agent.js";
export { AGENT_VERSION } from "./version.js";
export * from "./runtime/index.js";
