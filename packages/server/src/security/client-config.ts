// The client config the server writes on first start (as kubeadm's admin.conf): the server's
// address, the cluster CA and the admin API token, mode 0600. The CLI and the SDK read it
// (@skiff/client config.ts). A copy stays in the data dir (`admin.config`), so that a later
// start can write it again where the first one's went missing.
import { readFile } from "node:fs/promises";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeSecretFile } from "./ca.js";

export const ADMIN_CONFIG_FILE = "admin.config";

export interface ClientConfigContent {
  server: string;
  caPem: string;
  token: string;
}

/** The YAML text: `server`, `token`, and `ca` as a block of PEM. */
export function clientConfigText(c: ClientConfigContent, namespace?: string): string {
  const ca = c.caPem.trim().split("\n").map((l) => `  ${l}`).join("\n");
  return (
    "# Written by 'skiff server': this cluster's address, CA and admin API token. Keep it private.\n" +
    `server: ${c.server}\n` +
    (namespace ? `namespace: ${namespace}\n` : "") +
    `token: ${c.token}\n` +
    `ca: |\n${ca}\n`
  );
}

/** Write the config at `path` (0600), keeping the namespace a config already there chose. */
export async function writeClientConfig(path: string, c: ClientConfigContent): Promise<void> {
  let namespace: string | undefined;
  try {
    namespace = /^namespace:\s*(\S+)\s*$/m.exec(await readFile(path, "utf8"))?.[1];
  } catch {
    // none yet
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeSecretFile(path, clientConfigText(c, namespace));
}

/** The admin token of the data dir's copy, if there is one. */
export async function readAdminToken(dataDir: string): Promise<string | undefined> {
  try {
    return /^token:\s*(\S+)\s*$/m.exec(await readFile(join(dataDir, ADMIN_CONFIG_FILE), "utf8"))?.[1];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
