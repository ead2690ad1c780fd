// Loads the wire contract from the repository's proto/ at run time. The TypeScript types for
// it are generated into src/gen by scripts/gen-proto.sh and never edited by hand.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";
import type { ProtoGrpcType as ApiProto } from "./gen/api.js";
import type { ProtoGrpcType as NodeProto } from "./gen/node.js";

// This file sits at packages/proto/{src,dist}/, so the repository's proto/ is three levels up.
export const PROTO_DIR = fileURLToPath(new URL("../../../proto/", import.meta.url));

// Must match the options given to proto-loader-gen-types in scripts/gen-proto.sh.
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

let api: ApiProto | undefined;
let node: NodeProto | undefined;

/** The API service (CLI and SDK <-> server). */
export function loadApiProto(): ApiProto {
  api ??= grpc.loadPackageDefinition(protoLoader.loadSync("skiff/v1/api.proto", LOADER_OPTIONS)) as unknown as ApiProto;
  return api;
}

/** The node protocol (agents <-> server) and the agents' NodeAgent service. */
export function loadNodeProto(): NodeProto {
  node ??= grpc.loadPackageDefinition(protoLoader.loadSync("skiff/v1/node.proto", LOADER_OPTIONS)) as unknown as NodeProto;
  return node;
}
