// Kubernetes resource quantities ("500m", "128Mi", "1.5Gi", "2e3"), as in
// k8s.io/apimachinery/pkg/api/resource. CPU and memory are parsed exactly, with BigInt, and rounded
// up as Kubernetes does (a request for 0.0001 CPU becomes 1m), so 1.1 CPU is 1100m and not 1101m.
import { ValidationError } from "./errors.js";

// <sign><digits>[.<digits>] then a binary suffix, a decimal suffix or an exponent.
const QUANTITY = /^([+-]?)(\d+)?(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
// Longer strings are not quantities anyone writes, and huge exponents would make BigInt work hard.
const MAX_LENGTH = 100;
const MAX_EXPONENT = 400;

/** A parsed quantity: sign × digits × 10^exp10 × 2^exp2, exactly. */
interface Exact {
  negative: boolean;
  digits: bigint;
  exp10: number;
  exp2: number;
  /** The same value as a decimal string, for Number() to round correctly. */
  decimal: string;
}

function invalid(q: string | number, why?: string): ValidationError {
  const shown = typeof q === "string" && q.length > 40 ? `${q.slice(0, 40)}…` : String(q);
  const reason = why ?? "is not a valid quantity (examples: 500m, 0.5, 128Mi, 1G)";
  return new ValidationError([{ path: "", message: `"${shown}" ${reason}` }]);
}

function parseExact(q: string | number): Exact {
  if (typeof q === "number") {
    if (!Number.isFinite(q)) throw invalid(q);
    q = String(q);
  }
  if (typeof q !== "string" || q.length > MAX_LENGTH) throw invalid(String(q));
  const m = QUANTITY.exec(q);
  const [, sign = "", int = "", frac = "", suffix, exponent] = m ?? [];
  if (!m || (int === "" && frac === "")) throw invalid(q);
  let exp10 = exponent !== undefined ? Number(exponent) : 0;
  let exp2 = 0;
  if (suffix !== undefined) {
    exp10 = DECIMAL[suffix] ?? 0;
    exp2 = BINARY[suffix] ?? 0;
  }
  if (Math.abs(exp10) > MAX_EXPONENT) throw invalid(q, "is out of range");
  exp10 -= frac.length;
  const digits = BigInt(`${int}${frac}` || "0");
  return { negative: sign === "-" && digits !== 0n, digits, exp10, exp2, decimal: `${sign}${int || "0"}${frac}e${exp10}` };
}

/** The plain value of a quantity: `500m` → 0.5, `128Mi` → 134217728, `2e3` → 2000. */
export function parseQuantity(q: string | number): number {
  const e = parseExact(q);
  const value = Number(e.decimal) * 2 ** e.exp2;
  if (!Number.isFinite(value)) throw invalid(q, "is out of range");
  return value;
}

/** ceil(digits × 10^exp10 × 2^exp2) for a non-negative exact value. */
function ceilInteger(e: Exact, q: string | number): number {
  if (e.negative) throw invalid(q, "must not be negative");
  const scaled = e.digits * 2n ** BigInt(e.exp2);
  let value: number;
  if (e.exp10 >= 0) {
    value = Number(scaled * 10n ** BigInt(e.exp10));
  } else {
    const divisor = 10n ** BigInt(-e.exp10);
    value = Number((scaled + divisor - 1n) / divisor);
  }
  if (!Number.isFinite(value)) throw invalid(q, "is out of range");
  return value;
}

/** CPU in whole millicores, rounded up: `0.5` → 500, `250m` → 250, `0.0001` → 1. */
export function parseCpu(q: string | number): number {
  const e = parseExact(q);
  return ceilInteger({ ...e, exp10: e.exp10 + 3 }, q);
}

/** Memory in whole bytes, rounded up: `128Mi` → 134217728, `1G` → 1000000000. */
export function parseMemory(q: string | number): number {
  return ceilInteger(parseExact(q), q);
}

/** Millicores as Kubernetes prints them: 500 → `500m`, 2000 → `2`, 1500 → `1500m`. */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

const BINARY_SUFFIXES: [string, number][] = [
  ["Ei", 2 ** 60],
  ["Pi", 2 ** 50],
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10],
];

/** Bytes with the largest binary suffix that divides them exactly: `128Mi`, `1Gi`, else plain bytes. */
export function formatMemory(bytes: number): string {
  if (bytes !== 0) {
    for (const [suffix, size] of BINARY_SUFFIXES) {
      if (bytes % size === 0) return `${bytes / size}${suffix}`;
    }
  }
  return String(bytes);
}
