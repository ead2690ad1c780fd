import { describe, expect, it } from "vitest";
import { aRecord, decode, DnsFormatError, encode, readName, TYPE, type DnsMessage } from "./wire.js";

const base: DnsMessage = {
  id: 0xbeef,
  flags: { qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, rcode: 3 },
  questions: [{ name: "web.default.svc.cluster.local", type: TYPE.A, class: 1 }],
  answers: [],
  authorities: [],
  additionals: [],
};

describe("DNS wire format", () => {
  it("round-trips a message", () => {
    const m: DnsMessage = {
      ...base,
      answers: [aRecord("web.default.svc.cluster.local", "10.244.7.10", 5), aRecord("db.data.svc.cluster.local", "10.244.6.5", 30)],
      additionals: [{ name: "", type: TYPE.OPT, class: 1232, ttl: 0, data: Buffer.alloc(0) }],
    };
    expect(decode(encode(m))).toEqual(m);
  });

  it("writes the header and question as RFC 1035 lays them out", () => {
    const bytes = encode({ ...base, flags: { ...base.flags, qr: false, aa: false, ra: false, rcode: 0 }, questions: [{ name: "a.bc", type: TYPE.A, class: 1 }] });
    expect(bytes.toString("hex")).toBe(
      "beef" + "0100" + "0001" + "0000" + "0000" + "0000" + // id, flags (RD), 1 question
        "01" + "61" + "02" + "6263" + "00" + "0001" + "0001", // 1 a 2 bc 0, type A, class IN
    );
  });

  it("compresses repeated names into pointers to the question", () => {
    const m = { ...base, answers: [aRecord("web.default.svc.cluster.local", "10.244.7.10", 5), aRecord("Web.default.svc.cluster.local", "10.244.7.11", 5)] };
    const bytes = encode(m);
    const questionEnd = 12 + 31 + 4; // "web.default.svc.cluster.local" takes 31 bytes on the wire
    expect(bytes.readUInt16BE(questionEnd)).toBe(0xc00c); // first answer's name: a pointer to offset 12
    expect(bytes.length).toBe(questionEnd + 2 * (2 + 10 + 4));
    // A name sharing only a suffix writes its own labels, then points at the rest.
    const partial = encode({ ...base, answers: [aRecord("db.default.svc.cluster.local", "10.244.7.12", 5)] });
    expect(partial.subarray(questionEnd, questionEnd + 5).toString("hex")).toBe("026462" + "c010"); // 2 d b -> "default..." at 16
    expect(decode(partial).answers[0]?.name).toBe("db.default.svc.cluster.local");
  });

  it("refuses pointer loops, forward pointers and truncated messages", () => {
    const loop = Buffer.from("000c0000000100000000000" + "0c00c00010001", "hex");
    expect(() => decode(loop)).toThrow(DnsFormatError);
    expect(() => readName(Buffer.from("c002000000", "hex"), 0)).toThrow(/bad compression pointer/);
    expect(() => decode(encode(base).subarray(0, 20))).toThrow(/message ends/);
    expect(() => decode(Buffer.alloc(5))).toThrow(/shorter than a header/);
  });
});
