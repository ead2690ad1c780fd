// `skiff logs` and `skiff exec` reach a container through the agent of its pod's node, as the
// Kubernetes API server reaches the kubelet: find the node, dial its agent, forward the call.
import * as grpc from "@grpc/grpc-js";
import { AGENT_ENDPOINT_ANNOTATION, SIMULATED_NODE_LABEL, NotFoundError, UnavailableError, ValidationError, type Node, type Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import { INSECURE_AGENT_DIALER, type AgentDialer } from "../security/agent-channel.js";
import { loadNodeProto, type ExecRequest__Output, type ExecResponse, type LogChunk__Output, type LogsRequest__Output, type NodeAgentClient } from "@skiff/proto";

export class AgentProxy {
  private readonly clients = new Map<string, NodeAgentClient>();

  constructor(
    private readonly store: Store,
    /** The secret the node's agent gave when it registered (none before it has), with this server or another. */
    private readonly secretFor: (nodeName: string) => string | undefined | Promise<string | undefined> = () => undefined,
    /** Mutual TLS (security/agent-channel.ts); plaintext with --insecure. */
    private readonly dial: AgentDialer = INSECURE_AGENT_DIALER,
  ) {}

  async logs(req: LogsRequest__Output, signal: AbortSignal): Promise<AsyncIterable<LogChunk__Output>> {
    const { agent, container, metadata } = await this.route(req.namespace, req.pod, req.container);
    const call = agent.logs({ ...req, container }, metadata);
    signal.addEventListener("abort", () => call.cancel(), { once: true });
    return call as AsyncIterable<LogChunk__Output>;
  }

  async exec(req: ExecRequest__Output): Promise<ExecResponse> {
    if (req.command.length === 0) throw new ValidationError([{ path: "command", message: "required: the command to run" }]);
    const { agent, container, metadata } = await this.route(req.namespace, req.pod, req.container);
    return new Promise((resolve, reject) => {
      agent.exec({ ...req, container }, metadata, (err, res) => (err || !res ? reject(fromAgent(err)) : resolve(res)));
    });
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  /** The agent serving the pod's node, and the container meant (the only one when unnamed). */
  private async route(namespace: string, podName: string, containerName: string) {
    const ns = namespace || "default";
    const pod = (await this.store.get({ kind: "Pod", namespace: ns, name: podName })) as Pod | undefined;
    if (!pod) throw new NotFoundError(`pod "${podName}" not found in namespace "${ns}"`);
    const names = pod.spec.containers.map((c) => c.name);
    const container = containerName || (names.length === 1 ? names[0] : undefined);
    if (!container) {
      throw new ValidationError([{ path: "container", message: `pod "${podName}" has several containers; choose one of: ${names.join(", ")} (-c)` }]);
    }
    if (!names.includes(container)) throw new NotFoundError(`container "${container}" not found in pod "${podName}"; it has: ${names.join(", ")}`);
    const nodeName = pod.spec.nodeName;
    if (!nodeName) throw new UnavailableError(`pod "${podName}" is not scheduled to a node yet`);
    const node = (await this.store.get({ kind: "Node", name: nodeName })) as Node | undefined;
    if (node?.metadata.labels?.[SIMULATED_NODE_LABEL] === "true") {
      throw new UnavailableError(`pod "${podName}" runs on node "${nodeName}", which skiff sim simulates: its containers are not real, so there are no logs and no exec`);
    }
    const endpoint = node?.metadata.annotations?.[AGENT_ENDPOINT_ANNOTATION];
    if (!endpoint) throw new UnavailableError(`node "${nodeName}" has no agent endpoint registered`);
    const secret = await this.secretFor(nodeName);
    if (!secret) throw new UnavailableError(`node "${nodeName}" has not registered with this server since it started; try again in a moment`);
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${secret}`);
    return { agent: this.client(nodeName, endpoint), container, metadata };
  }

  /** One channel per node and endpoint: the TLS check names the node meant. */
  private client(nodeName: string, endpoint: string): NodeAgentClient {
    const key = `${nodeName} ${endpoint}`;
    let c = this.clients.get(key);
    if (!c) {
      const NodeAgent = loadNodeProto().skiff.v1.NodeAgent;
      const { credentials, options } = this.dial(nodeName, endpoint);
      c = new NodeAgent(endpoint, credentials, options);
      this.clients.set(key, c);
    }
    return c;
  }
}

function fromAgent(err: grpc.ServiceError | null): Error {
  if (!err) return new UnavailableError("the agent returned no answer");
  if (err.code === grpc.status.NOT_FOUND) return new NotFoundError(err.details);
  if (err.code === grpc.status.UNAVAILABLE) return new UnavailableError(`cannot reach the node's agent: ${err.details}`);
  return new UnavailableError(err.details || err.message);
}

export { fromAgent };
