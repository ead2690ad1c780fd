#!/usr/bin/env bash
# Generate TypeScript types from proto/ for the packages that speak gRPC.
# The .proto files are the contract; these types are never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
gen() { # package, proto files...
  local pkg=$1; shift
  rm -rf "packages/$pkg/src/gen"
  npx --no-install proto-loader-gen-types --longs=String --enums=String --defaults --oneofs \
    --grpcLib=@grpc/grpc-js --importFileExtension=.js --includeComments --outDir="packages/$pkg/src/gen" "$@" --includeDirs=proto >/dev/null
}
gen server skiff/v1/api.proto skiff/v1/node.proto
gen client skiff/v1/api.proto
gen agent skiff/v1/node.proto
