// Where the server is and how to trust it: the same order of precedence kubectl uses for its
// kubeconfig. An explicit address wins, then the SKIFF_SERVER environment variable, then the
// config file (SKIFF_CONFIG or ~/.skiff/config), then the local default. The CA and the API token
// come from the config file, which `skiff server` writes on its first start (docs/security.md).
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ValidationError, parseClientConfig, type ClientConfig } from "@skiff/api/core";

/** The file's format (its keys, and how it is read and written) is @skiff/api's client-config.ts. */
export type { ClientConfig };

/** Where `skiff server` listens unless told otherwise. */
export const DEFAULT_SERVER = "127.0.0.1:7443";

/** How to reach the server: its address, and TLS with a CA and a token unless insecure. */
export interface Connection {
  server: string;
  insecure: boolean;
  ca?: string;
  token?: string;
  /** Sent as `impersonate-user` / `impersonate-group` on every call. */
  impersonate?: { user: string; groups?: string[] };
}

/** The config file's path: SKIFF_CONFIG, or ~/.skiff/config. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SKIFF_CONFIG) return env.SKIFF_CONFIG;
  // HOME first so a test (or a user) can point it elsewhere; homedir() also reads it on POSIX.
  return join(env.HOME || homedir(), ".skiff", "config");
}

/**
 * Read the config file. A missing file is an empty config (nothing has been configured yet);
 * a file that is there but unreadable or malformed is the user's to fix, so it is an error.
 */
export function loadConfig(path: string = configPath()): ClientConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ValidationError([{ path: "", message: `cannot read config file: ${(err as Error).message}` }], {
      source: path,
    });
  }
  return parseClientConfig(text, path);
}

/** The server address to use: explicit, then SKIFF_SERVER, then the config file, then the default. */
export function resolveServer(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.SKIFF_SERVER) return env.SKIFF_SERVER;
  return loadConfig(configPath(env)).server ?? DEFAULT_SERVER;
}

/** SKIFF_INSECURE=1 (or true): talk plaintext to a server started with --insecure. */
export function insecureFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const v = env.SKIFF_INSECURE?.trim().toLowerCase();
  if (!v) return undefined;
  return v === "1" || v === "true" || v === "yes";
}

/**
 * Everything needed to connect: explicit values first, then the environment (SKIFF_SERVER,
 * SKIFF_INSECURE), then the config file.
 */
export function resolveConnection(explicit: Partial<Connection> = {}, env: NodeJS.ProcessEnv = process.env): Connection {
  let file: ClientConfig | undefined;
  const config = () => (file ??= loadConfig(configPath(env)));
  const server = explicit.server || env.SKIFF_SERVER || config().server || DEFAULT_SERVER;
  const insecure = explicit.insecure ?? insecureFromEnv(env) ?? config().insecure ?? false;
  if (insecure) return { server, insecure };
  return { server, insecure, ca: explicit.ca ?? config().ca, token: explicit.token ?? config().token };
}
