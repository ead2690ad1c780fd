// The V8 flags every skiff process runs with (the shebang of main.ts says them too, for a `skiff`
// typed at a shell). V8 grows the young generation with the allocation rate, up to 32 MB, and
// keeps it: under steady churn a server's RSS rose by 20-40 MB while its live heap stayed ~30 MB
// (issue 16, R6). Semi-spaces of 2 MB hold it at 4 MB; a LevelDB write loop ran as fast with it.
// The daemons also set --optimize-for-size at run time (daemon-heap.ts): NODE_OPTIONS cannot
// carry it, and it then holds however `skiff server` or `skiff agent` was started.
export const NODE_FLAGS: readonly string[] = ["--max-semi-space-size=2"];
