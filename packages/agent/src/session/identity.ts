// The node's credentials at start: those of an earlier start (the state dir), or a join with a
// token. A token whose CA hash differs from the stored CA's means another cluster: join again.
import { join } from "node:path";
import { homedir } from "node:os";
import type { Logger } from "pino";
import { caCertHash, parseJoinToken } from "@skiff/api/core";
import { backoffDelay, serverAddresses, sleep } from "@skiff/api/core";
import { RECONNECT_BACKOFF } from "./backoff.js";
import { joinCluster, JoinError, loadCredentials, saveCredentials, type NodeCredentials } from "./certificates.js";
import type { SessionTls } from "./session.js";

export interface IdentityOptions {
  server: string;
  name: string;
  /** Default `~/.skiff/agent/<name>`. */
  stateDir?: string;
  /** Needed only when the state dir holds no certificate yet. */
  joinToken?: string;
  caCertHash?: string;
  log: Logger;
  signal?: AbortSignal;
}

// How long a joining agent waits for a server that is not up yet.
const JOIN_PATIENCE_MS = 60_000;

export function defaultStateDir(name: string): string {
  return join(process.env.HOME || homedir(), ".skiff", "agent", name);
}

export async function nodeIdentity(o: IdentityOptions): Promise<SessionTls> {
  const stateDir = o.stateDir ?? defaultStateDir(o.name);
  let creds = await loadCredentials(stateDir);
  if (creds && o.joinToken && sameClusterAs(o.joinToken) !== undefined && sameClusterAs(o.joinToken) !== caCertHash(creds.caPem)) {
    o.log.info({ stateDir }, "the join token is for another cluster than the stored certificate: joining again");
    creds = undefined;
  }
  if (!creds) {
    if (!o.joinToken) {
      throw new JoinError(
        `this node has no certificate in ${stateDir} yet: give a join token ('skiff token create' makes one) ` +
          "in a file (--token-file FILE) or in SKIFF_JOIN_TOKEN",
      );
    }
    creds = await joinPatiently(o);
    await saveCredentials(stateDir, creds);
    o.log.info({ stateDir }, "joined the cluster; the node's key and certificate are stored");
  }
  let current: NodeCredentials = creds;
  return {
    current: () => current,
    update: async (next) => {
      await saveCredentials(stateDir, next);
      current = next;
    },
  };
}

function sameClusterAs(token: string): string | undefined {
  try {
    return parseJoinToken(token).caCertHash;
  } catch {
    return undefined;
  }
}

async function joinPatiently(o: IdentityOptions): Promise<NodeCredentials> {
  const deadline = Date.now() + JOIN_PATIENCE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      // Several servers (`a:7443,b:7443`): each attempt asks the next one.
      const servers = serverAddresses(o.server);
      return await joinCluster(servers[(attempt - 1) % servers.length] ?? o.server, o.joinToken!, o.name, o.caCertHash);
    } catch (err) {
      if ((err instanceof JoinError && serverAddresses(o.server).length <= 1) || Date.now() > deadline || o.signal?.aborted) throw err;
      o.log.warn(`cannot join yet: ${(err as Error).message}; retrying`);
      await sleep(backoffDelay(attempt, RECONNECT_BACKOFF), o.signal);
    }
  }
}
