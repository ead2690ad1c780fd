import type { Service } from "@skiff/api";
import { describe, expect, it } from "vitest";
import { queryFor, respond, type Forward } from "./respond.js";
import type { DnsView } from "./resolve.js";
import { decode, TYPE } from "./wire.js";

const web: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { clusterIP: "10.96.0.10", ports: [{ port: 80 }] } };
const view: DnsView = { services: [web], endpoints: [], nodeIndex: 3 };
const noForward: Forward = async () => {
  throw new Error("must not forward");
};

describe("respond", () => {
  it("answers a hand-made query for a Service", async () => {
    // What `nslookup web` sends after applying the first search domain, byte by byte.
    const query = Buffer.from(
      "1234" + "0100" + "0001" + "0000" + "0000" + "0000" +
        "03776562" + "0764656661756c74" + "03737663" + "07636c7573746572" + "056c6f63616c" + "00" + "0001" + "0001",
      "hex",
    );
    const res = decode((await respond(query, view, noForward, "udp"))!);
    expect(res.id).toBe(0x1234);
    expect(res.flags).toMatchObject({ qr: true, aa: true, rd: true, rcode: 0 });
    expect(res.questions).toEqual([{ name: "web.default.svc.cluster.local", type: 1, class: 1 }]);
    expect(res.answers).toEqual([{ name: "web.default.svc.cluster.local", type: 1, class: 1, ttl: 5, data: Buffer.from([10, 244, 7, 10]) }]);
  });

  it("says NXDOMAIN for unknown cluster names and NOERROR without answers for AAAA", async () => {
    expect(decode((await respond(queryFor(1, "nope.default.svc.cluster.local"), view, noForward, "udp"))!).flags.rcode).toBe(3);
    const aaaa = decode((await respond(queryFor(2, "web.default.svc.cluster.local", TYPE.AAAA), view, noForward, "udp"))!);
    expect([aaaa.flags.rcode, aaaa.answers.length]).toEqual([0, 0]);
  });

  it("forwards other names as they came, and says SERVFAIL when no upstream answers", async () => {
    const seen: Buffer[] = [];
    const upstream: Forward = async (q) => {
      seen.push(q);
      return Buffer.from("upstream answer");
    };
    const q = queryFor(3, "example.invalid");
    expect((await respond(q, view, upstream, "udp"))?.toString()).toBe("upstream answer");
    expect(seen).toEqual([q]);
    const failed = decode((await respond(q, view, async () => undefined, "udp"))!);
    expect([failed.id, failed.flags.rcode]).toEqual([3, 2]);
  });

  it("says FORMERR for garbage with a header, and ignores what cannot be answered", async () => {
    const garbage = Buffer.concat([queryFor(9, "x").subarray(0, 12), Buffer.from([70])]);
    expect(decode((await respond(garbage, view, noForward, "udp"))!).flags).toMatchObject({ rcode: 1, qr: true });
    expect(await respond(Buffer.alloc(4), view, noForward, "udp")).toBeUndefined();
    const response = decode((await respond(queryFor(5, "web.default.svc.cluster.local"), view, noForward, "udp"))!);
    expect(response.flags.qr).toBe(true);
  });

  it("truncates a UDP answer too big for a datagram, but not over TCP", async () => {
    const ips = Array.from({ length: 60 }, (_, i) => ({ ip: `10.244.6.${i + 2}` }));
    const big: DnsView = {
      services: [{ ...web, metadata: { name: "many", namespace: "default" }, spec: { clusterIP: "None", ports: [{ port: 80 }] } }],
      endpoints: [{ apiVersion: "v1", kind: "Endpoints", metadata: { name: "many", namespace: "default" }, subsets: [{ addresses: ips }] }],
      nodeIndex: 3,
    };
    const q = queryFor(6, "many.default.svc.cluster.local");
    const udp = decode((await respond(q, big, noForward, "udp"))!);
    expect([udp.flags.tc, udp.answers.length]).toEqual([true, 0]);
    expect(decode((await respond(q, big, noForward, "tcp"))!).answers).toHaveLength(60);
  });
});
