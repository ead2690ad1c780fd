// The DNS server on loopback, spoken to with Node's own resolver (over UDP) and by hand over TCP.
import type { Service } from "@skiff/api";
import { Resolver } from "node:dns/promises";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseResolvConf } from "./forwarder.js";
import { queryFor } from "./respond.js";
import { DnsServer } from "./server.js";
import { decode } from "./wire.js";

const web: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { clusterIP: "10.96.0.10", ports: [{ port: 80 }] } };
let server: DnsServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(): Promise<{ udp: number; tcp: number }> {
  // No upstreams: nothing may leave this machine in a test.
  server = new DnsServer({ address: "127.0.0.1", port: 0, upstreams: [] });
  server.update({ services: [web], endpoints: [], nodeIndex: 3 });
  return server.listen();
}

describe("DnsServer", () => {
  it("answers over UDP, as a real resolver asks", async () => {
    const { udp } = await start();
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${udp}`]);
    expect(await resolver.resolve4("web.default.svc.cluster.local", { ttl: true })).toEqual([{ address: "10.244.7.10", ttl: 5 }]);
    await expect(resolver.resolve4("nope.default.svc.cluster.local")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolve4("elsewhere.invalid")).rejects.toMatchObject({ code: "ESERVFAIL" });
    server!.update({ services: [], endpoints: [], nodeIndex: 3 });
    await expect(resolver.resolve4("web.default.svc.cluster.local")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("answers several length-prefixed queries on one TCP connection", async () => {
    const { tcp } = await start();
    const framed = (id: number) => {
      const q = queryFor(id, "web.default.svc.cluster.local");
      return Buffer.concat([Buffer.from([0, q.length]), q]);
    };
    const socket = connect({ host: "127.0.0.1", port: tcp });
    const chunks: Buffer[] = [];
    socket.on("data", (d) => chunks.push(d));
    const both = Buffer.concat([framed(1), framed(2)]);
    socket.write(both.subarray(0, 5)); // split mid-message on purpose
    socket.write(both.subarray(5));
    for (let i = 0; i < 100 && Buffer.concat(chunks).length < 2 * (2 + 63); i++) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    const all = Buffer.concat(chunks);
    const first = decode(all.subarray(2, 2 + all.readUInt16BE(0)));
    const rest = all.subarray(2 + all.readUInt16BE(0));
    const second = decode(rest.subarray(2, 2 + rest.readUInt16BE(0)));
    expect([first.id, second.id].sort()).toEqual([1, 2]);
    expect(first.answers[0]?.data).toEqual(Buffer.from([10, 244, 7, 10]));
  });
});

describe("parseResolvConf", () => {
  it("reads the nameserver lines", () => {
    expect(parseResolvConf("# comment\nsearch x\nnameserver 10.0.0.2\n  nameserver ::1 \noptions ndots:5\n")).toEqual(["10.0.0.2", "::1"]);
  });
});
