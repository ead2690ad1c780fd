// From a query to the bytes of its response (pure, apart from asking `forward` for names that
// are not the cluster's). The server (server.ts) only moves bytes.
import { CLUSTER_TTL, resolve, type DnsView } from "./resolve.js";
import { aRecord, decode, DnsFormatError, encode, HEADER_SIZE, RCODE, TYPE, type DnsMessage, type DnsQuestion } from "./wire.js";

/** A query as sent to us, sent on to an upstream resolver; undefined when none answered. */
export type Forward = (query: Buffer) => Promise<Buffer | undefined>;

/** What a plain (non-EDNS) UDP response may carry; more is truncated and asked again over TCP. */
export const UDP_LIMIT = 512;

export async function respond(query: Buffer, view: DnsView, forward: Forward, transport: "udp" | "tcp"): Promise<Buffer | undefined> {
  let msg: DnsMessage;
  try {
    msg = decode(query);
  } catch (err) {
    if (!(err instanceof DnsFormatError) || query.length < HEADER_SIZE) return undefined; // not even an id to answer
    return encode(reply({ id: query.readUInt16BE(0), rd: (query[2]! & 1) === 1 }, [], RCODE.FORMERR));
  }
  if (msg.flags.qr) return undefined; // a response sent to us: never answer those (loops)
  const question = msg.questions[0];
  if (msg.flags.opcode !== 0) return encode(reply({ id: msg.id, rd: msg.flags.rd }, msg.questions, RCODE.NOTIMP)); // only QUERY
  if (!question || msg.questions.length !== 1) return encode(reply({ id: msg.id, rd: msg.flags.rd }, msg.questions, RCODE.FORMERR));

  const r = resolve(question.name, question.type, view);
  if (r.kind === "forward") {
    const upstream = await forward(query);
    return upstream ?? encode(reply({ id: msg.id, rd: msg.flags.rd }, [question], RCODE.SERVFAIL));
  }
  const response = reply({ id: msg.id, rd: msg.flags.rd }, [question], RCODE[r.rcode], true);
  response.answers = r.addresses.map((ip) => aRecord(question.name, ip, CLUSTER_TTL));
  const bytes = encode(response);
  if (transport === "udp" && bytes.length > UDP_LIMIT) {
    // Too many pods behind a headless Service for one datagram: the resolver retries over TCP.
    return encode({ ...response, flags: { ...response.flags, tc: true }, answers: [] });
  }
  return bytes;
}

function reply(q: { id: number; rd: boolean }, questions: DnsQuestion[], rcode: number, authoritative = false): DnsMessage {
  return {
    id: q.id,
    flags: { qr: true, opcode: 0, aa: authoritative, tc: false, rd: q.rd, ra: true, rcode },
    questions,
    answers: [],
    authorities: [],
    additionals: [],
  };
}

/** A query for one name, as a resolver would send it (tests, and the forwarder's health checks). */
export function queryFor(id: number, name: string, type: number = TYPE.A): Buffer {
  return encode({
    id,
    flags: { qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0 },
    questions: [{ name, type, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
  });
}
