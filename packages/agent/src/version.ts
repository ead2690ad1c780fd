// The agent's version, sent when it registers and shown by `skiff get nodes`.
export const AGENT_VERSION = "0.1.0";
