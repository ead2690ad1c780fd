// SKIFF_TRACE=scheduler,pods (or "all") turns on step-by-step traces for the named components of
// the server and the agent, for a person watching one loop. Pure: the variable's text comes in.
export function isTraced(component: string, setting: string | undefined = process.env.SKIFF_TRACE): boolean {
  const names = (setting ?? "").split(",").map((s) => s.trim());
  return names.includes(component) || names.includes("all");
}
