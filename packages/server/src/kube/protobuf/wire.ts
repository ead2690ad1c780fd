// The protobuf wire format, as much of it as Kubernetes' messages use: a message is a run of
// fields, each a key (field number << 3 | wire type) then a value. Wire types: 0 varint, 1 fixed64,
// 2 length-delimited (strings, bytes, messages, packed repeated scalars, map entries), 5 fixed32.
// Groups (3, 4) are long deprecated and never sent by Kubernetes: refused.
import { BadRequestError } from "../errors.js";

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

/** One field as it was on the wire: a varint's value, or a length-delimited field's bytes. */
export type WireField =
  | { field: number; wire: typeof WIRE_VARINT; value: bigint }
  | { field: number; wire: typeof WIRE_LEN; bytes: Buffer }
  | { field: number; wire: typeof WIRE_FIXED64 | typeof WIRE_FIXED32; bytes: Buffer };

export class ProtobufError extends BadRequestError {}

/** The fields of one message, in wire order (a field may repeat). Throws ProtobufError on truncated or malformed bytes. */
export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtobufError("the protobuf body is malformed: field number 0");
    switch (wire) {
      case WIRE_VARINT: {
        const [value, next] = readVarint(buf, pos);
        fields.push({ field, wire, value });
        pos = next;
        break;
      }
      case WIRE_LEN: {
        const [len, start] = readVarint(buf, pos);
        const end = start + Number(len);
        if (len > BigInt(buf.length) || end > buf.length) throw truncated();
        fields.push({ field, wire, bytes: buf.subarray(start, end) });
        pos = end;
        break;
      }
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const end = pos + (wire === WIRE_FIXED64 ? 8 : 4);
        if (end > buf.length) throw truncated();
        fields.push({ field, wire, bytes: buf.subarray(pos, end) });
        pos = end;
        break;
      }
      default:
        throw new ProtobufError(`the protobuf body is malformed: wire type ${wire} (field ${field}) is not supported`);
    }
  }
  return fields;
}

/** An unsigned varint (up to 64 bits) at `pos`, and the position after it. */
export function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const b = buf[i] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, result), i + 1];
    shift += 7n;
  }
  throw pos + 10 <= buf.length ? new ProtobufError("the protobuf body is malformed: a varint is longer than 10 bytes") : truncated();
}

/** The varints of a packed repeated field. */
export function readPackedVarints(buf: Buffer): bigint[] {
  const values: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [v, next] = readVarint(buf, pos);
    values.push(v);
    pos = next;
  }
  return values;
}

function truncated(): ProtobufError {
  return new ProtobufError("the protobuf body is truncated");
}
