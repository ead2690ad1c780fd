// The DNS wire format (RFC 1035 section 4), written by hand because it is small and worth seeing:
//
//   header    12 bytes: id, flags (QR opcode AA TC RD RA rcode), then four counts
//   question  name, type, class
//   answer    name, type, class, ttl, rdlength, rdata   (also: authority, additional)
//
// A name is a list of labels, each a length byte and that many bytes, ended by a zero byte:
// "web.default" is 3 w e b 7 d e f a u l t 0. A length byte with its top two bits set is instead a
// *pointer*: the other 14 bits are the offset of an earlier name whose end this name shares. So an
// answer for the question's name costs 2 bytes (0xC00C: the name at offset 12, right after the
// header) instead of repeating it. encode() compresses every name it writes that way.

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;
export const CLASS_IN = 1;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface DnsFlags {
  /** A response (not a query). */
  qr: boolean;
  opcode: number;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated: ask again over TCP. */
  tc: boolean;
  /** Recursion desired (by the client), echoed back. */
  rd: boolean;
  /** Recursion available (from the server). */
  ra: boolean;
  rcode: number;
}

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export interface DnsRecord {
  name: string;
  type: number;
  /** For OPT (EDNS), the sender's UDP payload size instead. */
  class: number;
  ttl: number;
  data: Buffer;
}

export interface DnsMessage {
  id: number;
  flags: DnsFlags;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

export class DnsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export const HEADER_SIZE = 12;

/** An A record: the address's four bytes as rdata. */
export function aRecord(name: string, address: string, ttl: number): DnsRecord {
  return { name, type: TYPE.A, class: CLASS_IN, ttl, data: Buffer.from(address.split(".").map(Number)) };
}

export function encodeFlags(f: DnsFlags): number {
  return (
    (Number(f.qr) << 15) | ((f.opcode & 0xf) << 11) | (Number(f.aa) << 10) | (Number(f.tc) << 9) | (Number(f.rd) << 8) | (Number(f.ra) << 7) | (f.rcode & 0xf)
  );
}

export function decodeFlags(n: number): DnsFlags {
  return {
    qr: (n & 0x8000) !== 0,
    opcode: (n >> 11) & 0xf,
    aa: (n & 0x0400) !== 0,
    tc: (n & 0x0200) !== 0,
    rd: (n & 0x0100) !== 0,
    ra: (n & 0x0080) !== 0,
    rcode: n & 0xf,
  };
}

export function encode(m: DnsMessage): Buffer {
  const w = new Writer();
  w.u16(m.id);
  w.u16(encodeFlags(m.flags));
  for (const n of [m.questions.length, m.answers.length, m.authorities.length, m.additionals.length]) w.u16(n);
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const r of [...m.answers, ...m.authorities, ...m.additionals]) {
    w.name(r.name);
    w.u16(r.type);
    w.u16(r.class);
    w.u32(r.ttl);
    w.u16(r.data.length);
    w.bytes(r.data);
  }
  return w.done();
}

export function decode(buf: Buffer): DnsMessage {
  if (buf.length < HEADER_SIZE) throw new DnsFormatError(`message of ${buf.length} bytes is shorter than a header`);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)] as const;
  let offset = HEADER_SIZE;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const [name, next] = readName(buf, offset);
    need(buf, next, 4);
    questions.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  const sections: DnsRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const [name, next] = readName(buf, offset);
      need(buf, next, 10);
      const length = buf.readUInt16BE(next + 8);
      need(buf, next + 10, length);
      sections[s]!.push({
        name,
        type: buf.readUInt16BE(next),
        class: buf.readUInt16BE(next + 2),
        ttl: buf.readUInt32BE(next + 4),
        data: Buffer.from(buf.subarray(next + 10, next + 10 + length)),
      });
      offset = next + 10 + length;
    }
  }
  return { id: buf.readUInt16BE(0), flags: decodeFlags(buf.readUInt16BE(2)), questions, answers: sections[0]!, authorities: sections[1]!, additionals: sections[2]! };
}

/** Reads the name at `offset`, following pointers; returns it and where the bytes after it start. */
export function readName(buf: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  let at = offset;
  let end: number | undefined; // after the first pointer, the name continues elsewhere
  let length = 0;
  for (let jumps = 0; ; ) {
    need(buf, at, 1);
    const len = buf[at]!;
    if (len === 0) {
      end ??= at + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      need(buf, at, 2);
      end ??= at + 2;
      // A pointer must point backwards, or a crafted packet could loop forever.
      const target = buf.readUInt16BE(at) & 0x3fff;
      if (target >= at || ++jumps > 64) throw new DnsFormatError(`bad compression pointer at ${at}`);
      at = target;
      continue;
    }
    if (len > 63) throw new DnsFormatError(`label length ${len} at ${at}`);
    need(buf, at + 1, len);
    labels.push(buf.toString("latin1", at + 1, at + 1 + len));
    length += len + 1;
    if (length > 255) throw new DnsFormatError("name longer than 255 bytes");
    at += 1 + len;
  }
  return [labels.join("."), end];
}

function need(buf: Buffer, offset: number, n: number): void {
  if (offset + n > buf.length) throw new DnsFormatError(`message ends at ${buf.length}, needed ${offset + n}`);
}

/** Appends to a growing buffer, remembering where each name suffix was written for pointers. */
class Writer {
  private buf = Buffer.alloc(512);
  private at = 0;
  private readonly written = new Map<string, number>();

  u16(n: number): void {
    this.room(2);
    this.at = this.buf.writeUInt16BE(n, this.at);
  }

  u32(n: number): void {
    this.room(4);
    this.at = this.buf.writeUInt32BE(n >>> 0, this.at);
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    this.at += b.copy(this.buf, this.at);
  }

  /** Writes labels until a suffix already in the message is found, then a pointer to it. */
  name(name: string): void {
    const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join(".").toLowerCase(); // names compare case-insensitively
      const earlier = this.written.get(suffix);
      if (earlier !== undefined) {
        this.u16(0xc000 | earlier);
        return;
      }
      if (this.at < 0x4000) this.written.set(suffix, this.at); // pointers reach 14 bits only
      const label = Buffer.from(labels[i]!, "latin1");
      if (label.length > 63) throw new DnsFormatError(`label "${labels[i]}" is longer than 63 bytes`);
      this.room(1);
      this.buf[this.at++] = label.length;
      this.bytes(label);
    }
    this.room(1);
    this.buf[this.at++] = 0;
  }

  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger);
    this.buf = bigger;
  }
}
