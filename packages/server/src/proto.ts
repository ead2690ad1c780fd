// Loads the wire contract from proto/ at run time; the types come from src/gen (generated).
import * as protoLoader from "@grpc/proto-loader";
import * as grpc from "@grpc/grpc-js";
import { fileURLToPath } from "node:url";
import type { ProtoGrpcType } from "./gen/api.js";
import type { ProtoGrpcType as NodeProtoGrpcType } from "./gen/node.js";

// This file sits at packages/server/{src,dist}/, so the repo's proto/ is three levels up.
export const PROTO_DIR = fileURLToPath(new URL("../../../proto/", import.meta.url));

// Options must match those given to proto-loader-gen-types in scripts/gen-proto.sh.
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

export function loadApiProto(): ProtoGrpcType {
  const definition = protoLoader.loadSync("skiff/v1/api.proto", LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}

export function loadNodeProto(): NodeProtoGrpcType {
  const definition = protoLoader.loadSync("skiff/v1/node.proto", LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as NodeProtoGrpcType;
}
