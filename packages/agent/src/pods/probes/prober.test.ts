import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Container } from "@skiff/api";
import { FakeRuntime } from "../../runtime/fake/fake-runtime.js";
import { runProbe, type ProbeSubject } from "./prober.js";

const servers: (Server | HttpServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen<T extends Server | HttpServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

const container: Container = { name: "main", image: "busybox", ports: [{ name: "http", containerPort: 1 }] };
const subject = (runtime = new FakeRuntime(), id = "c1"): ProbeSubject => ({ runtime, container, containerId: id, podIP: "127.0.0.1" });

describe("runProbe", () => {
  it("httpGet: 200-399 pass, others fail with the status; headers are sent", async () => {
    const seen: (string | string[] | undefined)[] = [];
    const port = await listen(
      createHttpServer((req, res) => {
        seen.push(req.headers["x-probe"]);
        res.statusCode = req.url === "/ready" ? 200 : req.url === "/moved" ? 301 : 503;
        res.end("body");
      }),
    );
    const http = (path: string) => runProbe({ httpGet: { port, path, httpHeaders: [{ name: "X-Probe", value: "yes" }] } }, subject(), 1000);
    expect(await http("/ready")).toEqual({ result: "success", output: "" });
    expect(await http("/moved")).toEqual({ result: "success", output: "" });
    expect(await http("/nope")).toEqual({ result: "failure", output: "HTTP probe failed with statuscode: 503" });
    expect(seen).toEqual(["yes", "yes", "yes"]);
  });

  it("httpGet by the name of a container port", async () => {
    const port = await listen(createHttpServer((_req, res) => res.end()));
    const named: Container = { ...container, ports: [{ name: "web", containerPort: port }] };
    expect(await runProbe({ httpGet: { port: "web" } }, { ...subject(), container: named }, 1000)).toMatchObject({ result: "success" });
  });

  it("httpGet: a refused connection and a server too slow fail", async () => {
    const closed = await listen(createTcpServer());
    await new Promise((r) => servers.pop()?.close(r));
    expect(await runProbe({ httpGet: { port: closed, path: "/x" } }, subject(), 1000)).toMatchObject({
      result: "failure",
      output: expect.stringMatching(new RegExp(`^Get "http://127.0.0.1:${closed}/x": .*ECONNREFUSED`)),
    });
    const slow = await listen(createHttpServer(() => undefined));
    expect(await runProbe({ httpGet: { port: slow } }, subject(), 100)).toMatchObject({ result: "failure", output: expect.stringContaining("Client.Timeout exceeded") });
  });

  it("tcpSocket: a connection passes, a refused one fails", async () => {
    const port = await listen(createTcpServer((s) => s.end()));
    expect(await runProbe({ tcpSocket: { port } }, subject(), 1000)).toEqual({ result: "success", output: "" });
    await new Promise((r) => servers.pop()?.close(r));
    expect(await runProbe({ tcpSocket: { port } }, subject(), 1000)).toMatchObject({ result: "failure", output: expect.stringContaining(`dial tcp 127.0.0.1:${port}: `) });
  });

  it("exec: exit 0 passes; otherwise fails with the output, trimmed; an exec the engine refuses is an error", async () => {
    const runtime = new FakeRuntime({ images: ["busybox"] });
    const id = await runtime.createContainer({ name: "c", image: "busybox", labels: {} });
    await runtime.startContainer(id);
    runtime.onExec = (_id, command) =>
      command[1] === "/tmp/healthy" ? { exitCode: 0, stdout: "ok\n", stderr: "" } : { exitCode: 1, stdout: "", stderr: `cat: can't open '${command[1]}': No such file or directory\n` };
    expect(await runProbe({ exec: { command: ["cat", "/tmp/healthy"] } }, subject(runtime, id), 1000)).toEqual({ result: "success", output: "ok" });
    expect(await runProbe({ exec: { command: ["cat", "/tmp/gone"] } }, subject(runtime, id), 1000)).toEqual({
      result: "failure",
      output: "cat: can't open '/tmp/gone': No such file or directory",
    });
    await runtime.stopContainer(id);
    expect(await runProbe({ exec: { command: ["true"] } }, subject(runtime, id), 1000)).toMatchObject({ result: "error" });
  });

  it("exec: a command that outlives timeoutSeconds fails", async () => {
    const runtime = new FakeRuntime({ images: ["busybox"] });
    const id = await runtime.createContainer({ name: "c", image: "busybox", labels: {} });
    await runtime.startContainer(id);
    runtime.exec = () => new Promise(() => undefined);
    expect(await runProbe({ exec: { command: ["sleep", "10"] } }, subject(runtime, id), 50)).toEqual({ result: "failure", output: 'command "sleep 10" timed out' });
  });
});
