// The CLI's own version, read from its package.json (one level above src/ and dist/).
import { readFileSync } from "node:fs";

export function clientVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}
