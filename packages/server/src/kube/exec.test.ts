import { once } from "node:events";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { NotFoundError } from "@skiff/api";
import * as k8s from "@kubernetes/client-node";
import { BadRequestError } from "./errors.js";
import { handleExecUpgrade, type ExecBackend } from "./exec.js";

// A stand-in for the edge's status.ts: enough to see the error's Status go through.
const statusOf = (err: unknown) => {
  const code = err instanceof NotFoundError ? 404 : err instanceof BadRequestError ? 400 : 500;
  const reason = code === 404 ? "NotFound" : code === 400 ? "BadRequest" : "InternalError";
  return { code, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: (err as Error).message, reason, code } };
};

const CLIENT_NODE_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];
const te = new TextEncoder();

type Call = Parameters<ExecBackend["exec"]>[0];
let calls: Call[];
let answer: (req: Call) => Promise<{ exitCode: number; stdout: Uint8Array; stderr: Uint8Array }>;
const backend: ExecBackend = { exec: (req) => (calls.push(req), answer(req)) };
const exits = (exitCode: number, stdout = "", stderr = "") => async () => ({ exitCode, stdout: te.encode(stdout), stderr: te.encode(stderr) });

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req: http.IncomingMessage, socket, head) => {
    const query = new URL(req.url ?? "/", "http://skiff").searchParams;
    handleExecUpgrade(req, socket, head, { namespace: "default", pod: "web", container: "main", query }, backend, statusOf);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/namespaces/default/pods/web/exec`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  calls = [];
  answer = exits(0);
});

interface Session {
  protocol: string;
  frames: { channel: number; text: string }[];
  closeCode: number;
  status: unknown;
}

/** Connects like kubectl (v5 only, unless told), sends `input` frames, collects every frame until the close. */
function exec(query: string, protocols: string[] = ["v5.channel.k8s.io"], input: number[][] = []): Promise<Session> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}?${query}`, protocols);
    const frames: Session["frames"] = [];
    ws.on("open", () => input.forEach((f) => ws.send(Buffer.from(f))));
    ws.on("message", (data: Buffer) => frames.push({ channel: data[0] ?? -1, text: data.subarray(1).toString() }));
    ws.on("close", (closeCode) => {
      const status = frames.find((f) => f.channel === 3)?.text;
      resolve({ protocol: ws.protocol, frames, closeCode, status: status && ws.protocol.match(/^v[45]\./) ? JSON.parse(status) : status });
    });
    ws.on("error", reject);
  });
}
const stdin = (text: string) => [0, ...te.encode(text)];
const STDIN_EOF = [255, 0];

describe("exec over WebSocket", () => {
  it("runs the command, sends stdout on 1, stderr on 2, a Success Status on 3, and closes with 1000", async () => {
    answer = exits(0, "hi\n", "warn\n");
    const s = await exec("command=sh&command=-c&command=echo%20hi&container=web&stdout=true&stderr=true");
    expect(s.protocol).toBe("v5.channel.k8s.io");
    expect(calls).toEqual([{ namespace: "default", pod: "web", container: "web", command: ["sh", "-c", "echo hi"] }]);
    expect(s.frames).toEqual([
      { channel: 1, text: "hi\n" },
      { channel: 2, text: "warn\n" },
      { channel: 3, text: '{"metadata":{},"status":"Success"}' },
    ]);
    expect(s.closeCode).toBe(1000);
  });

  it("gives a non-zero exit code as kubectl reads it: NonZeroExitCode with an ExitCode cause", async () => {
    answer = exits(3);
    const s = await exec("command=false&stdout=true&stderr=true");
    expect(s.status).toEqual({
      metadata: {},
      status: "Failure",
      message: expect.stringMatching(/^command terminated with non-zero exit code/),
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
    expect(s.closeCode).toBe(1000);
  });

  it("uses the router's default container when the query names none", async () => {
    await exec("command=true&stdout=true");
    expect(calls[0]?.container).toBe("main");
  });

  it("sends only the streams asked for", async () => {
    answer = exits(0, "out", "err");
    const s = await exec("command=x&stdout=true");
    expect(s.frames.map((f) => f.channel)).toEqual([1, 3]);
  });

  it("answers the backend's error with its Status on channel 3", async () => {
    answer = () => Promise.reject(new NotFoundError('pod "web" not found'));
    const s = await exec("command=x&stdout=true");
    expect(s.status).toMatchObject({ status: "Failure", reason: "NotFound", code: 404, message: 'pod "web" not found' });
    expect(s.closeCode).toBe(1000);
  });

  it("picks v5 from client-node's list, v4 when offered no better, with the same Status JSON", async () => {
    answer = exits(3);
    expect((await exec("command=x", CLIENT_NODE_PROTOCOLS)).protocol).toBe("v5.channel.k8s.io");
    const v4 = await exec("command=x", ["v4.channel.k8s.io", "channel.k8s.io"]);
    expect(v4.protocol).toBe("v4.channel.k8s.io");
    expect(v4.status).toMatchObject({ reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } });
  });

  it("speaks plain text on channel 3 to pre-v4 clients: a failure's message, nothing on success", async () => {
    answer = exits(3);
    expect((await exec("command=x", ["channel.k8s.io"])).status).toMatch(/^command terminated with non-zero exit code/);
    answer = exits(0);
    expect((await exec("command=x", ["channel.k8s.io"])).frames).toEqual([]);
  });

  it("refuses a client offering no channel protocol with a 400 Status (kubectl then tries SPDY)", async () => {
    const res = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(`ws://${base}?command=x`);
      ws.on("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ code: res.statusCode ?? 0, body }));
      });
      ws.on("error", () => {});
      ws.on("open", () => reject(new Error("upgraded")));
    });
    expect(res.code).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ kind: "Status", reason: "BadRequest", code: 400, message: expect.stringMatching(/v5\.channel\.k8s\.io/) });
    expect(calls).toEqual([]);
  });

  it("runs the command once stdin ends empty ([255, 0])", async () => {
    answer = exits(0, "ran");
    const s = await exec("command=cat&stdin=true&stdout=true&stderr=true", undefined, [STDIN_EOF]);
    expect(calls).toHaveLength(1);
    expect(s.frames.at(-1)).toEqual({ channel: 3, text: '{"metadata":{},"status":"Success"}' });
  });

  it("does not run a command given input it cannot pass on, and says why on stderr and in the Status", async () => {
    const s = await exec("command=cat&stdin=true&stdout=true&stderr=true", undefined, [stdin("line-one\n"), STDIN_EOF]);
    expect(calls).toEqual([]);
    expect(s.frames.find((f) => f.channel === 2)?.text).toMatch(/does not stream stdin/);
    expect(s.status).toMatchObject({ status: "Failure", reason: "BadRequest", message: expect.stringMatching(/does not stream stdin/) });
    expect(s.closeCode).toBe(1000);
  });

  it("tells the user at a silent stdin (exec -i, no pipe) why nothing happens yet", async () => {
    const ws = new WebSocket(`ws://${base}?command=ls&stdin=true&stdout=true&stderr=true`, ["v5.channel.k8s.io"]);
    const [notice] = (await once(ws, "message")) as [Buffer];
    expect(notice[0]).toBe(2);
    expect(notice.subarray(1).toString()).toMatch(/runs once stdin ends \(Ctrl-D\)/);
    expect(calls).toEqual([]);
    ws.send(Buffer.from(STDIN_EOF));
    await once(ws, "close");
    expect(calls).toHaveLength(1);
  });

  it("refuses a terminal (exec -it) at once instead of hanging", async () => {
    const s = await exec("command=sh&stdin=true&stdout=true&tty=true");
    expect(calls).toEqual([]);
    expect(s.frames.find((f) => f.channel === 1)?.text).toMatch(/terminal \(-t\)/);
    expect(s.status).toMatchObject({ status: "Failure", message: expect.stringMatching(/does not stream stdin or give a terminal/) });
  });

  it("serves @kubernetes/client-node's Exec", async () => {
    answer = exits(3, "out\n", "err\n");
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "skiff", server: `http://${base.split("/")[0]}`, skipTLSVerify: true }],
      users: [{ name: "u" }],
      contexts: [{ name: "c", cluster: "skiff", user: "u" }],
      currentContext: "c",
    });
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    const chunks = { out: "", err: "" };
    stdout.on("data", (c: Buffer) => (chunks.out += c.toString()));
    stderr.on("data", (c: Buffer) => (chunks.err += c.toString()));
    const status = await new Promise<k8s.V1Status>((resolve) => {
      void new k8s.Exec(kc).exec("default", "web", "main", ["sh", "-c", "exit 3"], stdout, stderr, null, false, resolve);
    });
    expect(chunks).toEqual({ out: "out\n", err: "err\n" });
    expect(status).toMatchObject({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } });
  });
});
