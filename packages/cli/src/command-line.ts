// What can be read from the words of a command line before yargs parses it: which verb it runs,
// so that cli.ts loads that command's module alone.
/** Global flags that take a value in the next word (`-n web`), so that word is not the verb. */
const VALUE_FLAGS = new Set(["--server", "-n", "--namespace", "--as", "--as-group"]);

/** The first word that is neither a flag nor a global flag's value: the verb, if any. */
export function verbIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") return undefined;
    if (word.startsWith("-")) {
      if (VALUE_FLAGS.has(word)) i++;
      continue;
    }
    return word;
  }
  return undefined;
}
