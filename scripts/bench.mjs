// `npm run bench`: every benchmark, printing numbers (never pass/fail). `npm run bench -- NAME...`
// runs the named ones only (api, pods, idle, kube, scale, ha); flags after the names go to them
// (`npm run bench -- scale --cases 10x100`). `npm run bench -- chaos [--long]` runs the chaos
// scenarios at full size (the same as `npm run chaos -- single`); it is never part of the default run.
const ALL = ["api", "pods", "idle", "kube", "scale", "ha"];
const names = process.argv.slice(2).filter((a, i, all) => !a.startsWith("-") && !all[i - 1]?.startsWith("-"));
if (names.includes("chaos")) {
  if (names.length > 1) {
    console.error("npm run bench: chaos runs alone (npm run bench -- chaos [--long])");
    process.exit(2);
  }
  const { chaos } = await import("./chaos/main.mjs");
  process.exit(await chaos(["single", ...process.argv.slice(2).filter((a) => a.startsWith("-"))]));
}
for (const name of names) {
  if (!ALL.includes(name)) {
    console.error(`npm run bench: no benchmark "${name}"; there are: ${ALL.join(", ")} (and chaos, alone)`);
    process.exit(2);
  }
}
for (const name of names.length ? names : ALL) await import(`./bench/${name}.mjs`);
