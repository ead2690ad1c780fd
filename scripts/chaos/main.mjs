// `npm run chaos -- single|r1|r2|r3|r6 [--long] [--short]`: the chaos scenarios of issue 16 at
// their full size, each printing its figures and failing when a must-hold line breaks.
//   single   every scenario once: R1 (20 kills in a rollout of 50), R2 (10 restarts), R3, R6 (10 min)
//   r1..r6   that scenario alone
//   --long   R6 for an hour
//   --short  CI's form instead (R1 with 5 kills in a rollout of 10, R2 twice, R3 once)
// The scenarios are TypeScript under test/chaos/, run by vitest through test/chaos.test.ts, the
// same file CI runs in its short form: this script only chooses the form (test/chaos/forms.ts).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const USAGE = "usage: npm run chaos -- single|r1|r2|r3|r6 [--long] [--short]";
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("-")));
const [which = "single", ...extra] = args.filter((a) => !a.startsWith("-"));
const unknown = [...flags].filter((f) => !["--long", "--short"].includes(f));
if (extra.length || unknown.length || !["single", "r1", "r2", "r3", "r6"].includes(which) || (flags.has("--long") && flags.has("--short"))) {
  console.error(USAGE);
  process.exit(2);
}

const form = flags.has("--short") ? "short" : flags.has("--long") ? "long" : "full";
const env = { ...process.env, CHAOS_FORM: form };
if (which !== "single") env.CHAOS_SCENARIOS = which;
else if (form === "short") env.CHAOS_SCENARIOS = "r1,r2,r3";
const root = fileURLToPath(new URL("../..", import.meta.url));
const vitest = fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url));
console.log(`chaos: ${which} (${form} form)`);
const child = spawn(process.execPath, [vitest, "run", "--project", "e2e", "--reporter", "verbose", "test/chaos.test.ts"], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
