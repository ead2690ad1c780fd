// Building blocks for the kind schemas: typed primitives with skiff's messages, and `kobject`,
// which names each Kubernetes object type so unknown fields can be judged against
// unsupported.ts (see scan.ts).
//
// Two zod habits are avoided on purpose: z.int() and length caps (.max) raise issues that stop
// every later check of the enclosing objects, so one bad integer would hide other problems.
// Integers and lengths are checked with refinements instead, which let validation go on.
import { z } from "zod";
import { parseQuantity } from "../quantity.js";
import { describeValue } from "../issues.js";

type Ctx = z.core.$RefinementCtx;

/** `required` when absent, else `expected <what>, got <type>` (the messages for invalid_type). */
export function typeError(expected: string) {
  return (iss: { code?: string; input?: unknown }): string | undefined =>
    iss.input === undefined ? "required" : `expected ${expected}, got ${describeValue(iss.input)}`;
}

/** Object types by schema instance: the scan looks up what kind of object it is inside. */
export const objectTypes = new WeakMap<z.ZodType, string>();

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** For refinements that must run even when some values inside are invalid. */
export const whenObject = { when: (p: { value: unknown }) => isRecord(p.value) };

/**
 * A Kubernetes object type named `typeName` (as in the API reference: `PodSpec`, `Container`).
 * `refine` checks rules across fields; it runs even when some fields are invalid (so every
 * problem is listed), and so must cope with values of the wrong type.
 */
export function kobject<S extends z.core.$ZodLooseShape>(
  typeName: string,
  shape: S,
  refine?: (value: Record<string, unknown>, ctx: Ctx) => void,
) {
  const base = z.object(shape, { error: typeError("object") });
  const schema = refine ? base.superRefine((v, ctx) => refine(v, ctx), whenObject) : base;
  objectTypes.set(schema, typeName);
  return schema;
}

/** Report `message` at `path` (relative to the object being refined). */
export function issue(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

export const str = () => z.string();
export const bool = () => z.boolean();
export const strList = () => z.array(z.string());
export const strMap = () => z.record(z.string(), z.string(), { error: typeError("object") });

/** A string checked by a names.ts rule (which returns the problem, or undefined). */
export function named(check: (s: string) => string | undefined) {
  return z.string().superRefine((s, ctx) => {
    const bad = check(s);
    if (bad) issue(ctx, [], bad);
  });
}

/** An integer in [min, max]; the message says the range the way a person would. */
export function int(min?: number, max?: number) {
  return z.number({ error: typeError("integer") }).superRefine((n, ctx) => {
    if (!Number.isInteger(n)) issue(ctx, [], `expected integer, got ${n}`);
    else if (min !== undefined && max !== undefined && (n < min || n > max))
      issue(ctx, [], `must be between ${min} and ${max}, got ${n}`);
    else if (min !== undefined && n < min) issue(ctx, [], `must be greater than or equal to ${min}, got ${n}`);
  });
}

export const nonNegativeInt = () => int(0);
export const port = () => int(1, 65535);

/** A quantity (`500m`, `128Mi`, `2`); numbers become their string form, as Kubernetes prints them. */
export function quantity() {
  return z
    .union([z.string(), z.number()], { error: typeError("quantity (a string like 500m or 128Mi, or a number)") })
    .superRefine((q, ctx) => {
      try {
        if (parseQuantity(q) < 0) issue(ctx, [], "must not be negative");
      } catch (e) {
        issue(ctx, [], e instanceof Error ? e.message : String(e));
      }
    })
    .transform((q) => String(q));
}

/** A number or a string (`"25%"`, a port name), each checked by its own rule. */
export function intOrString(checkInt: (n: number) => string | undefined, checkString: (s: string) => string | undefined) {
  return z
    .union([z.number(), z.string()], { error: typeError("integer or string") })
    .superRefine((v, ctx) => {
      const bad = typeof v === "number" ? (Number.isInteger(v) ? checkInt(v) : `expected integer, got ${v}`) : checkString(v);
      if (bad) issue(ctx, [], bad);
    });
}

/** A port number or the name of a container port. */
export function portOrName(checkName: (s: string) => string | undefined) {
  return intOrString((n) => (n < 1 || n > 65535 ? `must be between 1 and 65535, got ${n}` : undefined), checkName);
}

export { isRecord };
