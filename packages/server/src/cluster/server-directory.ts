// Which servers are running: each publishes its advertised address under `<root>servers/<id>`,
// bound to an etcd lease (as the Kubernetes apiservers publish /registry/masterleases/<ip>), so a
// server that dies leaves the list when its lease expires (SERVER_LEASE_TTL_S). Agents get the
// list in each registration and heartbeat reply, and fail over to another server from it.
import { randomUUID } from "node:crypto";
import { sleep } from "@skiff/api";
import type { Component } from "../components.js";
import type { Logger } from "../log.js";
import type { EtcdClusterState } from "./etcd-cluster-state.js";
import { followPrefix } from "./follow-prefix.js";

export const SERVER_LEASE_TTL_S = 10;

/** The addresses of the running servers, this one first, the others sorted (the same order on every call). */
export function serverList(own: string | undefined, published: Iterable<string>): string[] {
  const others = [...new Set(published)].filter((a) => a !== own).sort();
  return own ? [own, ...others] : others;
}

export class ServerDirectory {
  private readonly published = new Map<string, string>();
  private own: string | undefined;
  readonly id = randomUUID();

  constructor(private readonly state?: EtcdClusterState) {}

  /** This server's address, once it listens. */
  advertise(address: string): void {
    this.own = address;
  }

  /** Every running server's address, this one first. */
  addresses(): string[] {
    return serverList(this.own, this.published.values());
  }

  /** The other running servers' addresses. */
  others(): string[] {
    return serverList(undefined, [...this.published.values()].filter((a) => a !== this.own));
  }

  /** On etcd: publish this server's address under a lease, and follow the others'. */
  components(log: Logger): Component[] {
    const state = this.state;
    if (!state) return [];
    const prefix = `${state.root}servers/`;
    return [
      {
        name: "server-directory",
        start: (signal) =>
          followPrefix(state.client, prefix, {
            all: (entries) => {
              this.published.clear();
              for (const [id, address] of entries) this.published.set(id, address);
            },
            put: (id, address) => this.published.set(id, address),
            deleted: (id) => this.published.delete(id),
          }, signal, log),
      },
      { name: "server-publisher", start: (signal) => this.publish(state, prefix + this.id, signal, log) },
    ];
  }

  // A lease lost (etcd unreachable for longer than its TTL) is granted again once etcd answers.
  private async publish(state: EtcdClusterState, key: string, signal: AbortSignal, log: Logger): Promise<void> {
    while (!signal.aborted) {
      const lease = state.client.lease(SERVER_LEASE_TTL_S);
      try {
        const lost = new Promise<void>((resolve) => lease.once("lost", (err: Error) => {
          log.warn({ err }, "this server's entry in the server list expired; publishing it again");
          resolve();
        }));
        await lease.put(key).value(this.own ?? "");
        await Promise.race([lost, new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }))]);
      } catch (err) {
        if (!signal.aborted) log.warn({ err }, "cannot publish this server's address in etcd; trying again");
      }
      if (signal.aborted) {
        // Leave the list at once on a clean stop, rather than after the lease's TTL.
        await lease.revoke().catch(() => undefined);
        return;
      }
      lease.release();
      await sleep(1_000, signal);
    }
  }
}
