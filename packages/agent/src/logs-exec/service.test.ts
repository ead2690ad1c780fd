// The agent's logs/exec service answers the server only: a caller without the secret is refused.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { loadNodeProto, type NodeAgentClient } from "@skiff/proto";
import { FakeRuntime } from "../runtime/index.js";
import { nodeAgentHandlers } from "./service.js";

let server: grpc.Server;
let client: NodeAgentClient;
beforeAll(async () => {
  server = new grpc.Server();
  server.addService(loadNodeProto().skiff.v1.NodeAgent.service, nodeAgentHandlers(new FakeRuntime(), "n1", pino({ level: "silent" }), "s3cret"));
  const port = await new Promise<number>((res, rej) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  client = new (loadNodeProto().skiff.v1.NodeAgent)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});
afterAll(() => {
  client?.close();
  server?.forceShutdown();
});

const exec = (authorization?: string) =>
  new Promise<grpc.ServiceError | null>((resolve) => {
    const md = new grpc.Metadata();
    if (authorization) md.set("authorization", authorization);
    client.exec({ namespace: "default", pod: "web", container: "main", command: ["true"] }, md, (err) => resolve(err));
  });

describe("NodeAgent service", () => {
  it("refuses a caller without the server's secret, or with a wrong one", async () => {
    expect((await exec())?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await exec("Bearer guess"))?.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("lets the server in (and then looks for the container)", async () => {
    expect((await exec("Bearer s3cret"))?.code).toBe(grpc.status.NOT_FOUND);
  });
});
