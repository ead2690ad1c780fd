// Names that are not the cluster's go to the resolvers the host itself uses (/etc/resolv.conf),
// as they came: a thin UDP relay with a timeout, trying each resolver in turn. Docker's embedded
// DNS in the containers still answers container names before asking us.
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import type { Forward } from "./respond.js";

/** The `nameserver` lines of a resolv.conf (pure). */
export function parseResolvConf(text: string): string[] {
  return text
    .split("\n")
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((ip): ip is string => ip !== undefined);
}

export function hostResolvers(path = "/etc/resolv.conf"): string[] {
  try {
    return parseResolvConf(readFileSync(path, "utf8"));
  } catch {
    return [];
  }
}

export function udpForwarder(upstreams: readonly string[], timeoutMs = 2_000): Forward {
  return async (query) => {
    for (const upstream of upstreams) {
      const answer = await askOne(upstream, query, timeoutMs);
      if (answer) return answer;
    }
    return undefined;
  };
}

/** One question to one resolver: its answer (same id), or undefined on timeout or error. */
function askOne(server: string, query: Buffer, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(server) ? "udp6" : "udp4");
    const done = (answer: Buffer | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on("error", () => done(undefined));
    socket.on("message", (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === query.readUInt16BE(0)) done(msg);
    });
    socket.send(query, 53, server);
  });
}
