// The lexer and parser for selector strings, following Kubernetes' grammar:
//   selector    ::= requirement ("," requirement)*
//   requirement ::= "!" KEY | KEY [("=" | "==" | "!=") VALUE | ("in" | "notin") "(" VALUE ("," VALUE)* ")"]
// Whitespace between tokens is ignored. Keys and values are checked afterwards (selector.ts).
import { ValidationError } from "./errors.js";
import type { Requirement } from "./selector.js";

type TokenKind = "ident" | "!" | "=" | "==" | "!=" | "(" | ")" | "," | "in" | "notin" | "end";

interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based character position in the selector, for messages. */
  at: number;
}

const SPECIAL = new Set(["!", "=", "(", ")", ",", "<", ">"]);

function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === "!=" || two === "==") {
      tokens.push({ kind: two, text: two, at: i + 1 });
      i += 2;
    } else if (c === "!" || c === "=" || c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c, text: c, at: i + 1 });
      i++;
    } else if (SPECIAL.has(c)) {
      throw syntax(s, `unsupported operator "${c}"`, i + 1);
    } else {
      const start = i;
      while (i < s.length && !SPECIAL.has(s[i] as string) && !/\s/.test(s[i] as string)) i++;
      const text = s.slice(start, i);
      const kind = text === "in" || text === "notin" ? text : "ident";
      tokens.push({ kind, text, at: start + 1 });
    }
  }
  tokens.push({ kind: "end", text: "end of selector", at: s.length + 1 });
  return tokens;
}

function syntax(s: string, what: string, at: number): ValidationError {
  const shown = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return new ValidationError([{ path: "", message: `invalid selector "${shown}": ${what} at position ${at}` }]);
}

/** Parse a selector string into requirements (unsorted, unchecked). Empty or blank → none. */
export function parseRequirements(s: string): Requirement[] {
  const tokens = lex(s);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? (tokens[tokens.length - 1] as Token);
  const next = (): Token => {
    const t = peek();
    if (pos < tokens.length - 1) pos++;
    return t;
  };
  const unexpected = (t: Token, expected: string): ValidationError =>
    syntax(s, `expected ${expected}, found ${t.kind === "end" ? "end of selector" : `"${t.text}"`}`, t.at);
  // Keys and values are identifiers; `in`/`notin` are only keywords where an operator may stand.
  const isWord = (t: Token): boolean => t.kind === "ident" || t.kind === "in" || t.kind === "notin";

  const requirement = (): Requirement => {
    const first = next();
    if (first.kind === "!") {
      const key = next();
      if (!isWord(key)) throw unexpected(key, "a label key after '!'");
      return { key: key.text, operator: "!", values: [] };
    }
    if (!isWord(first)) throw unexpected(first, "a label key");
    const key = first.text;
    const op = peek();
    if (op.kind === "," || op.kind === "end") return { key, operator: "exists", values: [] };
    next();
    if (op.kind === "=" || op.kind === "==" || op.kind === "!=") {
      const v = peek();
      // `app=` is allowed and means the empty value, as in Kubernetes.
      const value = isWord(v) ? next().text : "";
      return { key, operator: op.kind === "!=" ? "!=" : "=", values: [value] };
    }
    if (op.kind === "in" || op.kind === "notin") {
      const open = next();
      if (open.kind !== "(") throw unexpected(open, `"(" after "${op.kind}"`);
      const values: string[] = [];
      if (peek().kind === ")") throw syntax(s, `"${op.kind}" needs at least one value`, peek().at);
      for (;;) {
        const v = next();
        if (!isWord(v)) throw unexpected(v, "a label value");
        values.push(v.text);
        const sep = next();
        if (sep.kind === ")") break;
        if (sep.kind !== ",") throw unexpected(sep, `"," or ")"`);
      }
      return { key, operator: op.kind, values };
    }
    throw unexpected(op, `"=", "==", "!=", "in", "notin" or "," after "${key}"`);
  };

  const requirements: Requirement[] = [];
  if (peek().kind === "end") return requirements;
  for (;;) {
    requirements.push(requirement());
    const sep = next();
    if (sep.kind === "end") return requirements;
    if (sep.kind !== ",") throw unexpected(sep, `"," or end of selector`);
  }
}
