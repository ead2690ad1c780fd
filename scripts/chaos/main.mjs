// `npm run chaos -- single|ha|r1|r2|r3|r6|r7 [--long] [--short]`: the chaos scenarios of issues 16
// and 14 at their full size, each printing its figures and failing when a must-hold line breaks.
//   single   every single-server scenario once: R1 (20 kills in a rollout of 50), R2 (10 restarts), R3, R6 (10 min)
//   ha       R7: 3 etcd members, 3 servers; the leader SIGKILLed 20 times (and SIGTERMed 3) in
//            rolling updates of 30, etcd members and agents killed too
//   r1..r7   that scenario alone
//   --long   R6 for an hour
//   --short  CI's form instead (R1 with 5 kills in a rollout of 10, R2 twice, R3 once)
// The scenarios are TypeScript under test/chaos/ (README.md there), run by vitest through
// test/chaos.test.ts, the file CI runs in its short form: this script only chooses the form
// (test/chaos/forms.ts). Another script may run them too: `await chaos(["single", "--long"])`.
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const USAGE = "usage: npm run chaos -- single|ha|r1|r2|r3|r6|r7 [--long] [--short]";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const VITEST = fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url));

/** Runs the chosen scenarios; resolves to vitest's exit code (2: the arguments were wrong). */
export function chaos(args) {
  const flags = new Set(args.filter((a) => a.startsWith("-")));
  const [which = "single", ...extra] = args.filter((a) => !a.startsWith("-"));
  const unknown = [...flags].filter((f) => !["--long", "--short"].includes(f));
  if (extra.length || unknown.length || !["single", "ha", "r1", "r2", "r3", "r6", "r7"].includes(which) || (flags.has("--long") && flags.has("--short"))) {
    console.error(USAGE);
    return Promise.resolve(2);
  }
  const form = flags.has("--short") ? "short" : flags.has("--long") ? "long" : "full";
  const env = { ...process.env, CHAOS_FORM: form };
  if (which !== "single") env.CHAOS_SCENARIOS = which === "ha" ? "r7" : which;
  console.log(`chaos: ${which} (${form} form)`);
  const child = spawn(process.execPath, [VITEST, "run", "--project", "e2e", "--reporter", "verbose", "test/chaos.test.ts"], { cwd: ROOT, env, stdio: "inherit" });
  const forward = (signal) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, forward);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      for (const s of ["SIGINT", "SIGTERM"]) process.off(s, forward);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await chaos(process.argv.slice(2)));
