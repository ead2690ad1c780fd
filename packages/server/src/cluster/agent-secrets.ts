// The secret each node's agent gives at registration, which the server shows back to the agent
// (as a bearer token) to use its logs/exec endpoint. With one server, its node sessions hold it
// (nodes/sessions.ts). With several, an agent registers with one of them, but `skiff logs` or
// `kubectl exec` may reach any: the secret is kept in etcd too, sealed with the cluster key
// (`<prefix>.cluster/agent-secrets/<node>`), beside the other shared secrets (etcd-cluster-state.ts).
// Always read afresh: an agent that restarts registers again, with a new secret, maybe elsewhere.
import type { EtcdClusterState } from "./etcd-cluster-state.js";

export interface AgentSecrets {
  /** Keep the secret a node's agent just gave, for every server. */
  remember(nodeName: string, secret: string): Promise<void>;
  /** The secret of the node's agent as its last registration (with any server) gave it. */
  lookup(nodeName: string): Promise<string | undefined>;
}

/** One server: its node sessions hold the secrets; nothing to share. */
export const LOCAL_AGENT_SECRETS: AgentSecrets = {
  remember: async () => undefined,
  lookup: async () => undefined,
};

export class SharedAgentSecrets implements AgentSecrets {
  constructor(private readonly state: EtcdClusterState) {}

  async remember(nodeName: string, secret: string): Promise<void> {
    const name = nameOf(nodeName);
    await this.state.write(name, this.state.seal(name, secret));
  }

  async lookup(nodeName: string): Promise<string | undefined> {
    const name = nameOf(nodeName);
    const sealed = await this.state.read(name);
    return sealed === undefined ? undefined : this.state.open(name, sealed);
  }
}

function nameOf(nodeName: string): string {
  return `agent-secrets/${nodeName}`;
}
