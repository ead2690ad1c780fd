import { readFile, readdir, stat } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { EncryptingStore, SEALED_FIELD } from "./encrypting-store.js";
import { addPrimaryKey, KEY_FILE, loadOrCreateKeyring } from "./keyring.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-secrets-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const PLAIN = "correct-horse-battery-staple";
const B64 = Buffer.from(PLAIN).toString("base64");
const secret = (name: string): ApiObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "default" }, type: "Opaque", data: { password: B64 } });

async function everyFile(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root)) {
    const path = join(root, entry);
    if ((await stat(path)).isDirectory()) out.push(...(await everyFile(path)));
    else out.push(path);
  }
  return out;
}

describe("EncryptingStore", () => {
  it("stores no Secret value, plain or base64, anywhere in the data dir; reads them back", async () => {
    const keys = await loadOrCreateKeyring(dir);
    const store = new EncryptingStore(await LevelStore.open(join(dir, "db")), keys);
    await store.create(secret("db"));
    await store.update({ ...secret("db"), data: { password: B64, user: Buffer.from("admin").toString("base64") } });
    expect((await store.get({ kind: "Secret", namespace: "default", name: "db" }))?.data).toMatchObject({ password: B64 });
    const events = [];
    for await (const ev of store.watch({ kind: "Secret", fromRevision: 0, signal: AbortSignal.timeout(200) })) events.push(ev);
    expect(events[0]?.object.data).toEqual({ password: B64 });
    await store.close();
    for (const file of await everyFile(join(dir, "db"))) {
      const bytes = await readFile(file);
      expect(bytes.includes(PLAIN), file).toBe(false);
      expect(bytes.includes(B64), file).toBe(false);
    }
  });

  it("the key file is readable by its owner only", async () => {
    await loadOrCreateKeyring(dir);
    expect((await stat(join(dir, KEY_FILE))).mode & 0o777).toBe(0o600);
  });

  it("rotation re-seals every Secret with the new key, and they still read", async () => {
    const inner = await LevelStore.open(join(dir, "db"));
    const store = new EncryptingStore(inner, await loadOrCreateKeyring(dir));
    await store.create(secret("a"));
    await store.create(secret("b"));
    expect(await store.rotate(await addPrimaryKey(dir))).toBe(2);
    for (const raw of (await inner.list("Secret")).items) expect(String(raw[SEALED_FIELD])).toContain(":key2:");
    expect((await store.get({ kind: "Secret", namespace: "default", name: "a" }))?.data).toEqual({ password: B64 });
    expect(await store.rotate(await loadOrCreateKeyring(dir))).toBe(0);
    await store.close();
  });
});
