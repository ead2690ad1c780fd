// The HTTPS call against a real server on 127.0.0.1 with a certificate made here.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueServerCertificate, makeCA, type ClusterCA } from "../security/ca.js";
import { CallError, callWebhook } from "./call.js";

let ca: ClusterCA;
let otherCa: ClusterCA;
let server: Server;
let port: number;
let seen: { url: string; body: unknown }[] = [];

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([makeCA(), makeCA()]);
  const tls = await issueServerCertificate(ca, ["127.0.0.1"]);
  server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", body: JSON.parse(body) });
      if (req.url?.startsWith("/slow")) return; // never answers
      if (req.url?.startsWith("/broken")) return res.writeHead(500).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echoed: JSON.parse(body) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
}, 30_000);

afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

const target = (path: string, over: { ca?: string; timeoutSeconds?: number } = {}) => ({ url: new URL(`https://127.0.0.1:${port}${path}`), servername: "127.0.0.1", ca: ca.certPem, timeoutSeconds: 1, ...over });

describe("calling a webhook", () => {
  it("posts the review as JSON, with ?timeout= as Kubernetes does, verifying the certificate with the caBundle", async () => {
    seen = [];
    expect(await callWebhook(target("/validate"), { hello: 1 })).toEqual({ echoed: { hello: 1 } });
    expect(seen).toEqual([{ url: "/validate?timeout=1s", body: { hello: 1 } }]);
  });

  it("refuses a certificate the caBundle did not sign", async () => {
    await expect(callWebhook(target("/validate", { ca: otherCa.certPem }), {})).rejects.toThrow(/^failed to call webhook: Post "https:\/\/127.0.0.1:\d+\/validate\?timeout=1s": tls: failed to verify certificate/);
  });

  it("gives up after timeoutSeconds with Kubernetes' words", async () => {
    const started = Date.now();
    const err = await callWebhook(target("/slow"), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallError);
    expect((err as Error).message).toBe(`failed to call webhook: Post "https://127.0.0.1:${port}/slow?timeout=1s": context deadline exceeded`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("says so when nothing listens, or the webhook answers an error", async () => {
    const closed = { ...target("/x"), url: new URL("https://127.0.0.1:1/x") };
    await expect(callWebhook(closed, {})).rejects.toThrow('Post "https://127.0.0.1:1/x?timeout=1s": dial tcp 127.0.0.1:1: connect: connection refused');
    await expect(callWebhook(target("/broken"), {})).rejects.toThrow("the server responded with the status code 500 but did not return more information");
  });
});
