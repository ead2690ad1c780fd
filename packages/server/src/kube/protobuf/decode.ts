// Turning one message's bytes into the JSON object Kubernetes' JSON encoding would give for it,
// following the field table of schema.ts.
import { MESSAGES } from "./schema.js";
import { ProtobufError, WIRE_LEN, WIRE_VARINT, readFields, readPackedVarints, type WireField } from "./wire.js";

type Scalar = "string" | "int32" | "int64" | "bool" | "bytes" | "quantity" | "intstr" | "time" | "microtime" | "duration" | "fieldsv1";
const SCALARS = new Set<string>(["string", "int32", "int64", "bool", "bytes", "quantity", "intstr", "time", "microtime", "duration", "fieldsv1"]);
/** Scalars carried as a varint; the others are length-delimited. */
const VARINT_SCALARS = new Set<string>(["int32", "int64", "bool"]);

interface FieldSpec {
  name: string;
  /** A scalar of SCALARS, a message of MESSAGES, or undefined for a field not decoded. */
  type: string | undefined;
  message: boolean;
  repeated: boolean;
  map: boolean;
  inline: boolean;
  /** Keep a zero value (a Go pointer, or a field without omitempty). */
  keep: boolean;
}

const parsed = new Map<string, ReadonlyMap<number, FieldSpec>>();

/** The parsed table of a message; throws on a typo in schema.ts (a test walks every message). */
export function messageSchema(name: string): ReadonlyMap<number, FieldSpec> {
  const cached = parsed.get(name);
  if (cached) return cached;
  const table = MESSAGES[name];
  if (!table) throw new Error(`protobuf schema: no message ${name}`);
  const fields = new Map<number, FieldSpec>();
  for (const [num, text] of Object.entries(table)) {
    const [fieldName = "", rawType = "string", ...rest] = text.split(" ");
    if (fieldName === "" || rest.length > 0) throw new Error(`protobuf schema: ${name}.${num}: bad entry "${text}"`);
    let t = rawType;
    const keep = t.startsWith("*");
    if (keep) t = t.slice(1);
    const repeated = t.startsWith("[]");
    const map = t.startsWith("{}");
    const inline = t.startsWith("...");
    if (repeated || map) t = t.slice(2);
    if (inline) t = t.slice(3);
    const skip = t === "-";
    const message = !skip && !SCALARS.has(t);
    if (message && !MESSAGES[t]) throw new Error(`protobuf schema: ${name}.${num}: unknown type ${t}`);
    if (map && !["string", "bytes", "quantity"].includes(t)) throw new Error(`protobuf schema: ${name}.${num}: map of ${t}`);
    if (inline && !message) throw new Error(`protobuf schema: ${name}.${num}: only a message can be inlined`);
    fields.set(Number(num), { name: fieldName, type: skip ? undefined : t, message, repeated, map, inline, keep });
  }
  parsed.set(name, fields);
  return fields;
}

/** What decodeValue returns for a value Go's omitempty would leave out of the JSON. */
const OMIT = Symbol("omit");

/**
 * Decodes `buf` as message `name`. Fields the table does not have, or names with `-`, are left out
 * and their paths added to `skipped` (unless their value is empty, which is what Go's protobuf
 * sends for every unset non-pointer field and means nothing).
 */
export function decodeMessage(name: string, buf: Buffer, path: string, skipped: string[]): Record<string, unknown> {
  const schema = messageSchema(name);
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const spec = schema.get(f.field);
    if (!spec || spec.type === undefined) {
      if (!emptyOnWire(f)) skipped.push(join(path, spec ? spec.name : `#${f.field}`));
      continue;
    }
    const p = join(path, spec.name);
    if (spec.inline) {
      if (f.wire !== WIRE_LEN) skipped.push(wrongWire(p, f));
      else Object.assign(out, decodeMessage(spec.type, f.bytes, path, skipped));
    } else if (spec.map) {
      const entries = (out[spec.name] ??= {}) as Record<string, unknown>;
      if (f.wire !== WIRE_LEN) skipped.push(wrongWire(p, f));
      else decodeMapEntry(spec.type, f.bytes, p, entries, skipped);
    } else if (spec.repeated) {
      const items = (out[spec.name] ??= []) as unknown[];
      if (!spec.message && VARINT_SCALARS.has(spec.type) && f.wire === WIRE_LEN) {
        for (const v of readPackedVarints(f.bytes)) items.push(varintValue(spec.type, v));
        continue;
      }
      const v = decodeValue(spec, f, `${p}[${items.length}]`, skipped, true);
      if (v !== OMIT) items.push(v);
    } else {
      const v = decodeValue(spec, f, p, skipped, spec.keep);
      // Proto semantics: the last of a repeated singular scalar wins; messages merge.
      if (v === OMIT) delete out[spec.name];
      else if (spec.message && isObject(out[spec.name]) && isObject(v)) Object.assign(out[spec.name] as object, v);
      else out[spec.name] = v;
    }
  }
  for (const [k, v] of Object.entries(out)) {
    if ((Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0 && isCollection(schema, k))) delete out[k];
  }
  return out;
}

function decodeValue(spec: FieldSpec, f: WireField, path: string, skipped: string[], keep: boolean): unknown {
  const type = spec.type as string;
  if (spec.message) {
    if (f.wire !== WIRE_LEN) return skip(skipped, wrongWire(path, f));
    return decodeMessage(type, f.bytes, path, skipped);
  }
  if (VARINT_SCALARS.has(type)) {
    if (f.wire !== WIRE_VARINT) return skip(skipped, wrongWire(path, f));
    const v = varintValue(type, f.value);
    return keep || (v !== 0 && v !== false) ? v : OMIT;
  }
  if (f.wire !== WIRE_LEN) return skip(skipped, wrongWire(path, f));
  const bytes = f.bytes;
  switch (type as Scalar) {
    case "string": {
      const s = bytes.toString("utf8");
      return keep || s !== "" ? s : OMIT;
    }
    case "bytes":
      return keep || bytes.length > 0 ? bytes.toString("base64") : OMIT;
    case "quantity": {
      const q = decodeQuantity(bytes);
      return keep || q !== "0" ? q : OMIT;
    }
    case "intstr": {
      const v = decodeIntOrString(bytes);
      return keep || (v !== 0 && v !== "") ? v : OMIT;
    }
    case "time":
    case "microtime":
      // An unset (zero) Time is sent as an empty message; Go's JSON writes null, left out here.
      return bytes.length === 0 ? OMIT : decodeTime(bytes, type === "microtime");
    case "duration": {
      const nanos = fieldsOf(bytes).get(1);
      const n = nanos?.wire === WIRE_VARINT ? BigInt.asIntN(64, nanos.value) : 0n;
      return keep || n !== 0n ? formatDuration(n) : OMIT;
    }
    case "fieldsv1": {
      const raw = fieldsOf(bytes).get(1);
      if (raw === undefined) return {};
      if (raw.wire !== WIRE_LEN) return skip(skipped, wrongWire(path, raw));
      try {
        return JSON.parse(raw.bytes.toString("utf8")) as unknown;
      } catch {
        throw new ProtobufError(`the protobuf body is malformed: ${path} is not JSON`);
      }
    }
    default:
      throw new Error(`protobuf schema: unhandled type ${type}`);
  }
}

function decodeMapEntry(valueType: string, buf: Buffer, path: string, into: Record<string, unknown>, skipped: string[]): void {
  const entry = fieldsOf(buf);
  const k = entry.get(1);
  const key = k?.wire === WIRE_LEN ? k.bytes.toString("utf8") : "";
  const v = entry.get(2);
  const p = `${path}[${JSON.stringify(key)}]`;
  if (v !== undefined && v.wire !== WIRE_LEN) {
    skipped.push(wrongWire(p, v));
    return;
  }
  const bytes = v?.bytes ?? Buffer.alloc(0);
  into[key] = valueType === "bytes" ? bytes.toString("base64") : valueType === "quantity" ? decodeQuantity(bytes) : bytes.toString("utf8");
}

/** resource.Quantity: {string 1}; the zero quantity reads "0" as in Go. */
function decodeQuantity(buf: Buffer): string {
  const s = fieldsOf(buf).get(1);
  const text = s?.wire === WIRE_LEN ? s.bytes.toString("utf8") : "";
  return text === "" ? "0" : text;
}

/** intstr.IntOrString: {type 1 (0 int, 1 string), intVal 2, strVal 3}. */
function decodeIntOrString(buf: Buffer): number | string {
  const f = fieldsOf(buf);
  const type = f.get(1);
  if (type?.wire === WIRE_VARINT && type.value === 1n) {
    const s = f.get(3);
    return s?.wire === WIRE_LEN ? s.bytes.toString("utf8") : "";
  }
  const i = f.get(2);
  return i?.wire === WIRE_VARINT ? Number(BigInt.asIntN(32, i.value)) : 0;
}

/** metav1.Time {seconds 1, nanos 2} as Go's JSON writes it: RFC 3339 in UTC, whole seconds (Time drops nanos, as apimachinery does); MicroTime keeps microseconds. */
function decodeTime(buf: Buffer, micro: boolean): string {
  const f = fieldsOf(buf);
  const s = f.get(1);
  const n = f.get(2);
  const seconds = s?.wire === WIRE_VARINT ? Number(BigInt.asIntN(64, s.value)) : 0;
  const nanos = n?.wire === WIRE_VARINT ? Number(BigInt.asIntN(32, n.value)) : 0;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufError(`the protobuf body is malformed: a time of ${seconds} seconds is out of range`);
  const iso = date.toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${iso}Z`;
}

/** A Go time.Duration's String(): `1h2m3.5s`, `1.5s`, `300ms`, `0s`. */
export function formatDuration(nanos: bigint): string {
  if (nanos === 0n) return "0s";
  const neg = nanos < 0n;
  let n = neg ? -nanos : nanos;
  const sign = neg ? "-" : "";
  const frac = (v: bigint, unit: bigint): string => {
    const whole = v / unit;
    const rest = (v % unit).toString().padStart(unit.toString().length - 1, "0").replace(/0+$/, "");
    return rest === "" ? whole.toString() : `${whole}.${rest}`;
  };
  if (n < 1000n) return `${sign}${n}ns`;
  if (n < 1_000_000n) return `${sign}${frac(n, 1000n)}µs`;
  if (n < 1_000_000_000n) return `${sign}${frac(n, 1_000_000n)}ms`;
  let out = "";
  const hours = n / 3_600_000_000_000n;
  n -= hours * 3_600_000_000_000n;
  const minutes = n / 60_000_000_000n;
  n -= minutes * 60_000_000_000n;
  if (hours > 0n) out += `${hours}h`;
  if (hours > 0n || minutes > 0n) out += `${minutes}m`;
  return `${sign}${out}${frac(n, 1_000_000_000n)}s`;
}

function varintValue(type: string, v: bigint): number | boolean {
  if (type === "bool") return v !== 0n;
  return Number(type === "int32" ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v));
}

/** The last occurrence of each field of a small fixed message. */
function fieldsOf(buf: Buffer): Map<number, WireField> {
  const m = new Map<number, WireField>();
  for (const f of readFields(buf)) m.set(f.field, f);
  return m;
}

/** A field whose value is empty: zero varint, zero-length bytes, all-zero fixed. Go sends these for unset non-pointer fields. */
function emptyOnWire(f: WireField): boolean {
  if (f.wire === WIRE_VARINT) return f.value === 0n;
  return f.wire === WIRE_LEN ? f.bytes.length === 0 : f.bytes.every((b) => b === 0);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Maps start as `{}` while their entries are read; an empty one is left out, as omitempty does. */
function isCollection(schema: ReadonlyMap<number, FieldSpec>, name: string): boolean {
  for (const spec of schema.values()) if (spec.name === name) return spec.map;
  return false;
}

function wrongWire(path: string, f: WireField): string {
  return `${path} (unexpected wire type ${f.wire})`;
}

function skip(skipped: string[], entry: string): typeof OMIT {
  skipped.push(entry);
  return OMIT;
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}
