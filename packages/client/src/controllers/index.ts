// Controllers as their own process (operators), on the SDK: runController and what it is made of.
export { runController, RemoteInformers, type OperatorContext, type OperatorDefinition, type RunControllerOptions } from "./run-controller.js";
export { RemoteInformer, type InformerHandlers } from "./remote-informer.js";
export { OwnWrites, type ObjectWriter } from "./writer.js";
export { jsonLog, type OperatorLog } from "./log.js";
