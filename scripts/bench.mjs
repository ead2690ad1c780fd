// `npm run bench`: every benchmark, printing numbers (never pass/fail). `npm run bench -- NAME...`
// runs the named ones only (api, pods, idle, kube, scale, ha); flags after the names go to them
// (`npm run bench -- scale --cases 10x100`).
const ALL = ["api", "pods", "idle", "kube", "scale", "ha"];
const names = process.argv.slice(2).filter((a, i, all) => !a.startsWith("-") && !all[i - 1]?.startsWith("-"));
for (const name of names) {
  if (!ALL.includes(name)) {
    console.error(`npm run bench: no benchmark "${name}"; there are: ${ALL.join(", ")}`);
    process.exit(2);
  }
}
for (const name of names.length ? names : ALL) await import(`./bench/${name}.mjs`);
