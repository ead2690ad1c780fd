// `npm run bench`: every benchmark, printing numbers (never pass/fail).
await import("./bench/api.mjs");
await import("./bench/pods.mjs");
await import("./bench/idle.mjs");
await import("./bench/kube.mjs");
