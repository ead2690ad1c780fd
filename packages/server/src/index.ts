// @skiff/server: the control plane.
export { serve, ListenError } from "./serve.js";
export type { ServerOptions, RunningServer } from "./serve.js";
export { ObjectService } from "./api/objects.js";
export { createLogger, componentLogger } from "./log.js";
export type { Logger } from "./log.js";
export { VERSION } from "./version.js";
