// Field selectors on the Kubernetes edge: the parser and the per-kind rules are @skiff/api's
// (the CLI's `get --field-selector` uses them too); here a bad selector becomes a 400.
import { checkFieldSelector as check, FieldSelectorError, parseFieldSelector as parse, type FieldRequirement } from "@skiff/api";
import { BadRequestError } from "./errors.js";

export { matchesFieldSelector, type FieldRequirement } from "@skiff/api";

function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof FieldSelectorError ? new BadRequestError(err.message, { cause: err }) : err;
  }
}

/** Parses a field selector; "" selects everything. Throws BadRequestError on a term without an operator or a bad escape. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  return asBadRequest(() => parse(selector));
}

/** Refuses, as Kubernetes does (400, its words), a field the kind cannot be selected by. */
export function checkFieldSelector(kind: string, reqs: FieldRequirement[]): void {
  asBadRequest(() => check(kind, reqs));
}
