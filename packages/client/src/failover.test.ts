// A client given several servers (`a,b`) uses the one that answers, and moves on when the one it
// used stops: against real servers in this process (LevelDB, insecure, free ports).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UnavailableError } from "@skiff/api";
import { serve } from "@skiff/server";
import { SkiffClient } from "./client.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), "skiff-failover-"));
  dirs.push(dataDir);
  return serve({ dataDir, listen: "127.0.0.1:0", logLevel: "silent", insecure: true, kubeListen: "off" });
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("a client with several servers", () => {
  it("skips a server that refuses connections and uses the next", async () => {
    const up = await startServer();
    const client = new SkiffClient({ server: `127.0.0.1:${await closedPort()},${up.address}`, insecure: true });
    try {
      expect((await client.health()).status).toBeTruthy();
    } finally {
      client.close();
      await up.close();
    }
  });

  it("moves to the second server when the first stops", async () => {
    const [first, second] = [await startServer(), await startServer()];
    const client = new SkiffClient({ server: `${first.address},${second.address}`, insecure: true });
    try {
      await client.health();
      await first.close();
      expect((await client.health()).status).toBeTruthy();
    } finally {
      client.close();
      await second.close();
    }
  });

  it("says every server it tried when none answers", async () => {
    const client = new SkiffClient({ server: `127.0.0.1:${await closedPort()},127.0.0.1:${await closedPort()}`, insecure: true });
    try {
      await expect(client.health()).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      client.close();
    }
  });

  it("traces through every server: steps only one of them kept are told, and a dead one is left out", async () => {
    const [first, second] = [await startServer(), await startServer()];
    const deployment = (name: string) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "default" }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "busybox" }] } } } });
    const one = new SkiffClient({ server: first.address, insecure: true });
    const two = new SkiffClient({ server: second.address, insecure: true });
    const both = new SkiffClient({ server: `${first.address},${second.address},127.0.0.1:${await closedPort()}`, insecure: true });
    try {
      await one.apply([deployment("on-first")]);
      await two.apply([deployment("on-second")]);
      const names = new Set<string>();
      for await (const s of both.trace({ namespace: "default" })) if (s.kind === "Deployment") names.add(s.name);
      expect([...names].sort()).toEqual(["on-first", "on-second"]);
    } finally {
      for (const c of [one, two, both]) c.close();
      await first.close();
      await second.close();
    }
  });
});
