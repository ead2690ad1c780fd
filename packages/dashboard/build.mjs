// Bundles src/ into dist/ (one minified script, one stylesheet, index.html): the static pages
// `skiff server` sends under /dashboard/. esbuild only: no network, no browser download.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src/main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: join(out, "app.js"),
  logLevel: "warning",
});
copyFileSync(join(here, "src/index.html"), join(out, "index.html"));
copyFileSync(join(here, "src/style.css"), join(out, "style.css"));
const kb = (f) => (statSync(join(out, f)).size / 1024).toFixed(1);
console.log(`dashboard: dist/app.js ${kb("app.js")} KiB, dist/style.css ${kb("style.css")} KiB`);
