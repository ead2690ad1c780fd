// Who is connected: one session per node, in memory only. After a server restart every session
// is unknown, agents are told so (NOT_FOUND) on their next call, and they register again.
import { randomUUID } from "node:crypto";
import { NotFoundError } from "@skiff/api";

export interface Session {
  id: string;
  nodeName: string;
  /** Aborted when the session is replaced by a newer Register of the same node, or the server stops. */
  ended: AbortController;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();
  private readonly byNode = new Map<string, Session>();
  /** Last heartbeat (or registration) per node name, ms since epoch. */
  private readonly lastSeen = new Map<string, number>();
  /** The heartbeat period each node was told at its last heartbeat (or registration), ms. */
  private readonly told = new Map<string, number>();

  constructor(private readonly startedAt: number) {}

  /** The secret each node's agent asked the server to present on its NodeAgent service. */
  private readonly agentSecrets = new Map<string, string>();

  agentSecret(nodeName: string): string | undefined {
    return this.agentSecrets.get(nodeName);
  }

  open(nodeName: string, now: number, agentSecret = "", periodMs?: number): Session {
    if (agentSecret) this.agentSecrets.set(nodeName, agentSecret);
    this.byNode.get(nodeName)?.ended.abort();
    const previous = this.byNode.get(nodeName);
    if (previous) this.byId.delete(previous.id);
    const session: Session = { id: randomUUID(), nodeName, ended: new AbortController() };
    this.byId.set(session.id, session);
    this.byNode.set(nodeName, session);
    this.lastSeen.set(nodeName, now);
    if (periodMs !== undefined) this.told.set(nodeName, periodMs);
    return session;
  }

  /** The live session, or NotFoundError telling the agent to register again. */
  get(id: string): Session {
    const session = this.byId.get(id);
    if (!session) throw new NotFoundError(`unknown session ${JSON.stringify(id)}: register again`);
    return session;
  }

  heartbeat(id: string, now: number, periodMs?: number): Session {
    const session = this.get(id);
    this.lastSeen.set(session.nodeName, now);
    if (periodMs !== undefined) this.told.set(session.nodeName, periodMs);
    return session;
  }

  /** How many nodes hold a session here. */
  get size(): number {
    return this.byNode.size;
  }

  /** The heartbeat period `nodeName` was last told here; undefined for a node not heard here. */
  periodTold(nodeName: string): number | undefined {
    return this.told.get(nodeName);
  }

  /**
   * When the node was last heard from. A node not heard from since this server started counts
   * from the start: a restarted server gives every agent a full grace period to reconnect.
   */
  lastHeard(nodeName: string): number {
    return this.lastSeen.get(nodeName) ?? this.startedAt;
  }

  /** Every node heard on this server, with when it was last heard (for node-leases.ts). */
  heard(): ReadonlyMap<string, number> {
    return this.lastSeen;
  }

  closeAll(): void {
    for (const s of this.byId.values()) s.ended.abort();
    this.byId.clear();
    this.byNode.clear();
  }
}
