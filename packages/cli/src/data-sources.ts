// The keys of `create configmap|secret`, read from where kubectl reads them: --from-literal
// KEY=VALUE, --from-file [KEY=]FILE (a directory: each regular file in it, by its name) and
// --from-env-file (KEY=VALUE lines; `#` comments and blank lines skipped).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseFileSource, parseLiteral, type DataEntry } from "./create-objects.js";
import { UserError } from "./errors.js";

export interface DataSources {
  fromLiteral: string[];
  fromFile: string[];
  fromEnvFile: string[];
}

export function readDataSources(s: DataSources): DataEntry[] {
  const entries: DataEntry[] = [];
  for (const source of s.fromFile) entries.push(...fileEntries(source));
  for (const literal of s.fromLiteral) entries.push(parseLiteral(literal));
  for (const path of s.fromEnvFile) entries.push(...envFileEntries(path));
  return entries;
}

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UserError(`error reading ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`, { cause: err });
  }
}

function fileEntries(source: string): DataEntry[] {
  const { key, path } = parseFileSource(source);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // read() below says what is wrong.
  }
  if (!isDir) return [{ key: key ?? basename(path), value: read(path) }];
  if (key) throw new UserError(`cannot give a key name for a directory path: ${source}`);
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ key: e.name, value: read(join(path, e.name)) }));
}

function envFileEntries(path: string): DataEntry[] {
  return read(path)
    .toString("utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const eq = l.indexOf("=");
      if (eq <= 0) throw new UserError(`invalid env file line in ${path}: ${l}`);
      return { key: l.slice(0, eq), value: Buffer.from(l.slice(eq + 1)) };
    });
}
