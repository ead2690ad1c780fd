// The keys that encrypt Secrets at rest, in one file in the data dir, readable by its owner only
// (0600), made on first start. One key is primary (new writes use it); older keys stay only to
// read what they encrypted until it is rewritten (`--rotate-encryption-key`).
import { randomBytes } from "node:crypto";
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface Key {
  id: string;
  /** 32 bytes, for AES-256-GCM. */
  secret: Buffer;
}

export interface Keyring {
  primary: Key;
  /** Every key by id, the primary included. */
  all: Map<string, Key>;
}

export interface KeyFile {
  primary: string;
  keys: { id: string; secret: string }[];
}

export const KEY_FILE = "encryption-keys.json";

export async function loadOrCreateKeyring(dataDir: string): Promise<Keyring> {
  const path = join(dataDir, KEY_FILE);
  let file: KeyFile;
  try {
    file = JSON.parse(await readFile(path, "utf8")) as KeyFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the encryption key file ${path}: ${(err as Error).message}`);
    file = newKeyFile();
    await save(path, file);
  }
  return toKeyring(file, path);
}

/** A key file's content with one new key (what a first start makes). */
export function newKeyFile(): KeyFile {
  return { primary: "key1", keys: [{ id: "key1", secret: randomBytes(32).toString("base64") }] };
}

/** The same keys plus a new primary one; the old ones stay for reading until everything is rewritten. */
export function withNewPrimary(file: KeyFile): KeyFile {
  const n = Math.max(0, ...file.keys.map((k) => Number(k.id.replace(/^key/, "")) || 0)) + 1;
  const id = `key${n}`;
  return { primary: id, keys: [...file.keys, { id, secret: randomBytes(32).toString("base64") }] };
}

/** A key file's JSON text as a keyring; `where` names it in the error when it is damaged. */
export function keyringFromText(text: string, where: string): Keyring {
  let file: KeyFile;
  try {
    file = JSON.parse(text) as KeyFile;
  } catch {
    throw new Error(`the encryption keyring in ${where} is damaged (not JSON)`);
  }
  return toKeyring(file, where);
}

/** Add a new primary key and save; the old ones stay for reading until everything is rewritten. */
export async function addPrimaryKey(dataDir: string): Promise<Keyring> {
  const path = join(dataDir, KEY_FILE);
  const file = withNewPrimary(JSON.parse(await readFile(path, "utf8")) as KeyFile);
  await save(path, file);
  return toKeyring(file, path);
}

function toKeyring(file: KeyFile, path: string): Keyring {
  const all = new Map(file.keys.map((k) => [k.id, { id: k.id, secret: Buffer.from(k.secret, "base64") }]));
  const primary = all.get(file.primary);
  if (!primary || primary.secret.length !== 32) throw new Error(`the encryption key file ${path} is damaged (no valid primary key)`);
  return { primary, all };
}

// Written to a temp file first, so a crash never leaves half a key file.
async function save(path: string, file: KeyFile): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
