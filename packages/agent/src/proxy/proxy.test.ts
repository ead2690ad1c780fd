// The proxy on loopback: backends are plain TCP servers on 127.0.0.x that say who they are.
import { connect, createServer, type Server } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Proxy } from "./proxy.js";
import type { ProxyRule } from "./table.js";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function listen(server: Server, host: string, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(`${host}:${(server.address() as { port: number }).port}`));
  });
}

/** A backend answering every connection with its name, then closing. */
async function backend(name: string, host = "127.0.0.1"): Promise<string> {
  const server = createServer((s) => s.end(name));
  cleanup.push(() => new Promise((r) => server.close(r)));
  return listen(server, host);
}

/** A port nobody listens on (just freed). */
async function deadPort(): Promise<string> {
  const server = createServer();
  const target = await listen(server, "127.0.0.1");
  await new Promise((r) => server.close(r));
  return target;
}

function rule(target: string, backends: string[]): ProxyRule {
  const [address, port] = target.split(":");
  return { address: address!, port: Number(port), protocol: "TCP", backends, service: "default/web:80" };
}

/** Connect, optionally send, read everything until the proxy closes. */
function fetch(target: string, send?: string): Promise<string> {
  const [host, port] = target.split(":");
  return new Promise((resolve, reject) => {
    const s = connect({ host: host!, port: Number(port), allowHalfOpen: true });
    let got = "";
    s.on("data", (d) => (got += d));
    s.on("error", reject);
    s.on("close", () => resolve(got));
    s.on("connect", () => (send === undefined ? s.end() : s.end(send)));
  });
}

async function proxy(rules: ProxyRule[]): Promise<Proxy> {
  const p = new Proxy({ retryMs: 20 });
  cleanup.push(() => p.stop());
  await p.update(rules);
  return p;
}

describe("Proxy", () => {
  it("spreads connections round-robin over the backends", async () => {
    const backends = [await backend("a", "127.0.0.2"), await backend("b", "127.0.0.3"), await backend("c", "127.0.0.4")];
    const front = await deadPort();
    await proxy([rule(front, backends)]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const who = await fetch(front);
      counts[who] = (counts[who] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 10, b: 10, c: 10 });
  });

  it("skips a backend that refuses, and closes the client when none accepts", async () => {
    const front = await deadPort();
    const p = await proxy([rule(front, [await deadPort(), await backend("alive")])]);
    for (let i = 0; i < 4; i++) expect(await fetch(front)).toBe("alive");
    await p.update([rule(front, [await deadPort(), await deadPort()])]);
    expect(await fetch(front)).toBe("");
    await p.update([rule(front, [])]);
    expect(await fetch(front)).toBe("");
  });

  it("takes new backends at once, without closing the listener or open connections", async () => {
    // A backend that holds the connection until the client's FIN, then answers.
    const slow = createServer({ allowHalfOpen: true }, (s) => {
      s.resume();
      s.on("end", () => s.end("old"));
    });
    cleanup.push(() => new Promise((r) => slow.close(r)));
    const front = await deadPort();
    const p = await proxy([rule(front, [await listen(slow, "127.0.0.1")])]);
    const [host, port] = front.split(":");
    const held = connect({ host: host!, port: Number(port), allowHalfOpen: true });
    let heldGot = "";
    held.on("data", (d) => (heldGot += d));
    await new Promise((r) => held.once("connect", r));

    await p.update([rule(front, [await backend("new")])]);
    expect(p.listening()).toEqual([`${front}/TCP`]);
    expect(await fetch(front)).toBe("new");
    held.end();
    await new Promise((r) => held.once("close", r));
    expect(heldGot).toBe("old");
  });

  it("keeps half-close: the request's FIN reaches the backend, and the answer still comes back", async () => {
    const echo = createServer({ allowHalfOpen: true }, (s) => {
      let body = "";
      s.on("data", (d) => (body += d));
      s.on("end", () => setTimeout(() => s.end(`got ${body.length} bytes`), 20));
    });
    cleanup.push(() => new Promise((r) => echo.close(r)));
    const front = await deadPort();
    await proxy([rule(front, [await listen(echo, "127.0.0.1")])]);
    expect(await fetch(front, "x".repeat(300_000))).toBe("got 300000 bytes");
  });

  it("retries a listen that fails, and serves once the address is free", async () => {
    const squatter = createServer();
    const front = await listen(squatter, "127.0.0.1");
    const p = await proxy([rule(front, [await backend("a")])]);
    expect(p.listening()).toEqual([]);
    await new Promise((r) => squatter.close(r));
    for (let i = 0; i < 100 && p.listening().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await fetch(front)).toBe("a");
  });

  it("closes listeners it no longer wants, and everything on stop()", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length;
    const fronts = [await deadPort(), await deadPort()];
    const stuck = createServer((s) => s.resume()); // never answers: the connection stays open
    const target = await listen(stuck, "127.0.0.1");
    const p = new Proxy();
    await p.update(fronts.map((f) => rule(f, [target])));
    await p.update([rule(fronts[0]!, [target])]);
    await expect(fetch(fronts[1]!)).rejects.toThrow(/ECONNREFUSED/);

    const [host, port] = fronts[0]!.split(":");
    const client = connect({ host: host!, port: Number(port) });
    client.on("error", () => undefined);
    const closed = new Promise((r) => client.once("close", r));
    for (let i = 0; i < 100 && p.openSockets < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(p.openSockets).toBe(2);
    await p.stop();
    await closed;
    expect(p.openSockets).toBe(0);
    expect(p.listening()).toEqual([]);
    await new Promise((r) => stuck.close(r));
    // Handles close on a later turn of the event loop: wait for them to go (a leak never does).
    await vi.waitFor(() => expect(process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length).toBeLessThanOrEqual(before), { timeout: 2_000, interval: 10 });
  });
});
