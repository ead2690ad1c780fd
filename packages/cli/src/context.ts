// The options every command shares (--server, -n) and what they resolve to.
import { DEFAULT_NAMESPACE } from "@skiff/api";
import { loadConfig, SkiffClient } from "@skiff/client";

export interface GlobalArgs {
  server?: string;
  namespace?: string;
  /** kubectl's --as: act as this user (the token's user must be allowed to impersonate). */
  as?: string;
  asGroup?: string[];
}

/** A client for --server, else SKIFF_SERVER, else the config file, else the default address. */
export function clientFor(args: GlobalArgs): SkiffClient {
  return new SkiffClient({ server: args.server, ...(args.as ? { impersonate: { user: args.as, groups: args.asGroup ?? [] } } : {}) });
}

/** -n, else the config file's namespace, else "default" (as kubectl's context namespace). */
export function namespaceFor(args: GlobalArgs): string {
  return args.namespace || loadConfig().namespace || DEFAULT_NAMESPACE;
}

/** Run `fn` with a client and close it after, so the process can exit. */
export async function withClient<R>(args: GlobalArgs, fn: (client: SkiffClient) => Promise<R>): Promise<R> {
  const client = clientFor(args);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
