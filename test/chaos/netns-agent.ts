// An agent for R3 whose process runs inside the agent end of a NetnsLink.
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { AgentProcess } from "../support/cluster.js";
import { SKIFF } from "../support/skiff.js";
import type { NetnsLink } from "./netns.js";

/**
 * An agent whose process lives in the link's network namespace (`ip netns exec` runs it in place).
 * Its node address is a loopback address of the host's namespace, as every test agent's is: Docker
 * (on the host) publishes the pods' ports there, and other nodes' Service proxies reach the pods
 * at hostIP:hostPort. The agent's own listeners (NodePorts, logs) bind it inside its namespace.
 */
export class NetnsAgent extends AgentProcess {
  constructor(
    private readonly link: NetnsLink,
    name: string,
    identity: { tokenFile: string; stateDir: string },
  ) {
    super(name, `127.0.3.${randomInt(1, 255)}`, link.serverEndpoint, [], identity);
  }

  override start(env: Record<string, string> = {}): void {
    const id = this.identity ? ["--token-file", this.identity.tokenFile, "--state-dir", this.identity.stateDir] : [];
    const [cmd = "ip", ...args] = this.link.wrap([process.execPath, SKIFF, "agent", "--server", this.server, "--name", this.name, "--address", this.address, ...id]);
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    this.child = child;
    child.stdout?.on("data", (d) => (this.logs += d));
    child.stderr?.on("data", (d) => (this.logs += d));
  }
}
