// `$(VAR)` references in env values, command and args, by Kubernetes' rules (a port of
// kubernetes/third_party/forked/golang/expansion): `$(NAME)` becomes the variable's value, a
// name it does not know stays written as it was, `$$` is an escaped `$` (so `$$(VAR)` gives the
// literal `$(VAR)`), and a `$` that starts nothing (`$x`, a lone `$(` without `)`) stays as it is.
// Pure.

/** Expands `input`; `lookup` returns undefined for a name it does not know. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { text, isVar, advance } = readVariable(input.slice(cursor + 1));
    out += isVar ? (lookup(text) ?? `$(${text})`) : text;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** What follows a `$`: a variable name, an escaped `$`, or text to copy as it is. */
function readVariable(rest: string): { text: string; isVar: boolean; advance: number } {
  if (rest[0] === "$") return { text: "$", isVar: false, advance: 1 };
  if (rest[0] === "(") {
    const close = rest.indexOf(")", 1);
    if (close >= 0) return { text: rest.slice(1, close), isVar: true, advance: close + 1 };
    return { text: "$(", isVar: false, advance: 1 }; // incomplete: copied, and scanning goes on after the "("
  }
  return { text: `$${rest[0] ?? ""}`, isVar: false, advance: 1 };
}
