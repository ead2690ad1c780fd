// @skiff/proto: the wire contract between the CLI/SDK, the server and the agents.
export { loadApiProto, loadNodeProto, LOADER_OPTIONS, PROTO_DIR } from "./load.js";
export type * from "./gen/index.js";
