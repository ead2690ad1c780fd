// kubectl's (cobra's) answer to a verb that does not exist: its words, and what it may have meant.
// Loaded only when that happens: @skiff/api is not needed to start `skiff --help`.
import { closest } from "@skiff/api";

/**
 * The verbs a mistyped one may have meant, as cobra suggests them for kubectl: those it is a
 * prefix of, and the nearest by edit distance.
 */
export function suggestVerbs(typed: string, verbs: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  const near = closest(typed, verbs);
  return verbs.filter((v) => v === near || (lower.length > 0 && v.startsWith(lower)));
}

/** cobra's words for a verb that does not exist, with suggestions when there are some. */
export function unknownCommandMessage(typed: string, verbs: readonly string[]): string {
  const suggestions = suggestVerbs(typed, verbs);
  const head = `unknown command "${typed}" for "skiff"`;
  if (!suggestions.length) return head;
  return `${head}\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join("\n")}\n`;
}
