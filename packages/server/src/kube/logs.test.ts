import { once } from "node:events";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError } from "@skiff/api";
import { BadRequestError } from "./errors.js";
import { serveLogs, type LogsBackend, type LogsRequest } from "./logs.js";

// A stand-in for the edge's status.ts: enough to see the error's Status go through.
const statusOf = (err: unknown) => {
  const code = err instanceof NotFoundError ? 404 : err instanceof ValidationError ? 422 : err instanceof BadRequestError ? 400 : 500;
  return { code, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: (err as Error).message, code } };
};

const te = new TextEncoder();
let calls: { req: LogsRequest; signal: AbortSignal }[];
let source: (signal: AbortSignal) => AsyncIterable<{ data: Uint8Array }>;
const backend: LogsBackend = {
  logs: async (req, signal) => (calls.push({ req, signal }), source(signal)),
};
async function* lines(...chunks: string[]) {
  for (const c of chunks) yield { data: te.encode(c) };
}
/** A promise to resolve from outside, to step a fake log along with the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://skiff").searchParams;
    const aborted = new AbortController();
    void serveLogs(res, { namespace: "default", pod: "web", container: "main" }, query, backend, aborted.signal, statusOf);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/namespaces/default/pods/web/log`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  calls = [];
  source = () => lines();
});

async function get(query = ""): Promise<{ status: number; type: string | undefined; body: string }> {
  const res = await fetch(`${base}?${query}`);
  return { status: res.status, type: res.headers.get("content-type") ?? undefined, body: await res.text() };
}

describe("pods/log", () => {
  it("sends the log as text/plain, asking the agent for all of it", async () => {
    source = () => lines("one\n", "two\n");
    expect(await get("container=main")).toEqual({ status: 200, type: "text/plain", body: "one\ntwo\n" });
    expect(calls[0]?.req).toEqual({ namespace: "default", pod: "web", container: "main", follow: false, tailLines: -1, previous: false });
  });

  it("passes follow, tailLines and previous through, and accepts what it cannot honour", async () => {
    await get("follow=true&tailLines=10&previous=true&timestamps=true&sinceSeconds=60&pretty=true");
    expect(calls[0]?.req).toMatchObject({ follow: true, tailLines: 10, previous: true });
  });

  it("stops after limitBytes, cutting the last chunk, and stops the agent's stream", async () => {
    source = () => lines("abc", "defgh", "never");
    expect((await get("limitBytes=5")).body).toBe("abcde");
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it("follows: headers before the first line, then each chunk as it comes", async () => {
    const [headersSeen, firstSeen] = [gate(), gate()];
    source = async function* () {
      await headersSeen.opened;
      yield { data: te.encode("one\n") };
      await firstSeen.opened;
      yield { data: te.encode("two\n") };
    };
    const req = http.get(`${base}?follow=true`);
    const [res] = (await once(req, "response")) as [http.IncomingMessage];
    expect(res.headers["content-type"]).toBe("text/plain");
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    headersSeen.open();
    const [first] = (await once(res, "data")) as [Buffer];
    expect(first.toString()).toBe("one\n");
    firstSeen.open();
    let rest = "";
    for await (const c of res) rest += String(c);
    expect(rest).toBe("two\n");
  });

  it("answers an error before the first byte with its Status and code", async () => {
    source = () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new NotFoundError('container "main" of pod "web" was not found')) }),
    });
    const res = await get();
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ kind: "Status", code: 404, message: expect.stringMatching(/not found/) });
  });

  it("answers a backend that refuses at once, and bad options, with a Status", async () => {
    backend.logs = async () => Promise.reject(new NotFoundError('pods "web" not found'));
    try {
      expect((await get()).status).toBe(404);
    } finally {
      backend.logs = async (req, signal) => (calls.push({ req, signal }), source(signal));
    }
    expect((await get("tailLines=-3")).status).toBe(422);
    expect((await get("limitBytes=x")).status).toBe(400);
  });

  it("stops the agent's stream when the client hangs up", async () => {
    source = async function* (signal) {
      yield { data: te.encode("one\n") };
      await once(signal, "abort");
    };
    const req = http.get(`${base}?follow=true`);
    const [res] = (await once(req, "response")) as [http.IncomingMessage];
    await once(res, "data");
    req.destroy();
    await expect.poll(() => calls[0]?.signal.aborted).toBe(true);
  });
});
