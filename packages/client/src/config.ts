// Where the server is and how to trust it: the same order of precedence kubectl uses for its
// kubeconfig. An explicit address wins, then the SKIFF_SERVER environment variable, then the
// config file (SKIFF_CONFIG or ~/.skiff/config), then the local default. The CA and the API token
// come from the config file, which `skiff server` writes on its first start (docs/security.md).
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { ValidationError } from "@skiff/api";

/** Where `skiff server` listens unless told otherwise. */
export const DEFAULT_SERVER = "127.0.0.1:7443";

/** The client's config file (`~/.skiff/config`, mode 0600). */
export interface ClientConfig {
  server?: string;
  namespace?: string;
  /** The API token, `<id>.<secret>`, sent as `authorization: Bearer <token>`. */
  token?: string;
  /** The cluster CA's certificate (PEM): the only CA the client trusts for this server. */
  ca?: string;
  /** Plaintext, no token: for a server started with --insecure (also SKIFF_INSECURE=1). */
  insecure?: boolean;
}

/** How to reach the server: its address, and TLS with a CA and a token unless insecure. */
export interface Connection {
  server: string;
  insecure: boolean;
  ca?: string;
  token?: string;
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
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ValidationError([{ path: "", message: `not valid YAML: ${(err as Error).message}` }], { source: path });
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError([{ path: "", message: "expected a mapping such as `server: HOST:PORT`" }], {
      source: path,
    });
  }
  const doc = raw as Record<string, unknown>;
  const config: ClientConfig = {};
  if (doc.insecure !== undefined && doc.insecure !== null) {
    if (typeof doc.insecure !== "boolean") throw new ValidationError([{ path: "insecure", message: "must be true or false" }], { source: path });
    config.insecure = doc.insecure;
  }
  for (const key of ["server", "namespace", "token", "ca"] as const) {
    const value = doc[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value === "") {
      throw new ValidationError([{ path: key, message: "must be a non-empty string" }], { source: path });
    }
    config[key] = value;
  }
  return config;
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
