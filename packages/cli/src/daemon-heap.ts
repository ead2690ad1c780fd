// `skiff server` and `skiff agent` live for weeks on a live heap of some tens of MB, through bursts
// of allocation (a rollout, churn). By default V8 keeps the heap capacity a burst grew it to, as
// fragmented pages, and gives it back only when the process falls fully idle; with
// --optimize-for-size it compacts fragmented pages at each full collection instead. Measured in
// the R6 churn (issue 16): the server's heap capacity grew 12.7 MB in 10 minutes without it, 1 MB
// with it. V8 reads this flag at each collection, so setting it at run time takes effect.
import { setFlagsFromString } from "node:v8";

export function keepDaemonHeapCompact(): void {
  setFlagsFromString("--optimize-for-size");
}
