// The client config the server writes on first start (as kubeadm's admin.conf): the server's
// address, the cluster CA and the admin API token, mode 0600. The format is @skiff/api's
// client-config.ts, which the CLI and the SDK read too. A copy stays in the data dir
// (`admin.config`), so that a later start can write it again where the first one's went missing.
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ValidationError, parseClientConfig, updateClientConfig } from "@skiff/api";
import { writeSecretFile } from "./ca.js";

export const ADMIN_CONFIG_FILE = "admin.config";

const HEADER = "Written by 'skiff server': this cluster's address, CA and admin API token. Keep it private.";

export interface ClientConfigContent {
  server: string;
  caPem: string;
  token: string;
}

/**
 * Write the config at `path` (0600): the server, its CA and the token, in TLS mode. What a config
 * already there holds besides (the namespace it chose, its comments) is kept.
 */
export async function writeClientConfig(path: string, c: ClientConfigContent): Promise<void> {
  const previous = await readIfThere(path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeSecretFile(path, updateClientConfig(previous, { server: c.server, token: c.token, ca: c.caPem, insecure: null }, HEADER));
}

/** The admin token of the data dir's copy, if there is one (a copy that cannot be read has none: a new one is made). */
export async function readAdminToken(dataDir: string): Promise<string | undefined> {
  const text = await readIfThere(join(dataDir, ADMIN_CONFIG_FILE));
  if (text === undefined) return undefined;
  try {
    return parseClientConfig(text).token;
  } catch (err) {
    if (err instanceof ValidationError) return undefined;
    throw err;
  }
}

/** A file's text, or undefined when there is no such file. */
export async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
