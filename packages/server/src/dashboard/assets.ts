// The dashboard's pages: static files built by packages/dashboard (`npm run build`) and shipped in
// that package's dist/, read from disk per request (the server keeps none of them in memory).
import { createReadStream, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, sep } from "node:path";
import type { ServerResponse } from "node:http";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json",
};

/** Where the built dashboard is; undefined when @skiff/dashboard is not installed. */
export function dashboardAssetsDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("@skiff/dashboard/package.json")), "dist");
  } catch {
    return undefined;
  }
}

/** Send the file at `rel` (a path under /dashboard/), index.html for the root; 404 for anything else. */
export function sendAsset(res: ServerResponse, dir: string | undefined, rel: string): void {
  if (!dir || !existsSync(join(dir, "index.html"))) {
    res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("the dashboard is not built: run `npm run build` (it builds packages/dashboard)\n");
    return;
  }
  const file = normalize(join(dir, rel === "" ? "index.html" : rel));
  const inside = file.startsWith(dir + sep);
  if (!inside || !existsSync(file) || !statSync(file).isFile() || !TYPES[extname(file)]) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("not found\n");
    return;
  }
  // index.html names its bundle; the bundle may change with every build, so nothing is cached long.
  res.writeHead(200, { "Content-Type": TYPES[extname(file)]!, "Cache-Control": "no-cache, private", "X-Content-Type-Options": "nosniff" });
  createReadStream(file).pipe(res);
}
