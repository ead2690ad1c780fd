#!/usr/bin/env bash
# Builds skiff's container image, skiff:dev, with no registry: the Dockerfile's runtime stage on a
# Node.js base image made here from this machine's own Node.js (docs/containers.md).
#
#   bash scripts/build-image.sh                 # skiff-base/node:20 (if missing), then skiff:dev
#   SKIFF_IMAGE=skiff:mine bash scripts/build-image.sh
#   bash scripts/build-image.sh --base-only     # only the base image
#   bash scripts/build-image.sh --force-base    # make the base image again
#   bash scripts/build-image.sh --assemble SRC OUT   # (the Dockerfile's build stage) see below
#   bash scripts/build-image.sh --etcd          # skiff-etcd:3.4 for docker-compose.ha.yml (below)
#
# 1. The base, skiff-base/node:20 (`docker import` of a root filesystem of a few files): the
#    machine's node (stripped of its debug symbols), `ip` (iproute2: the agent puts Service
#    addresses on its bridge with `ip addr`), /bin/sh (dash: the Dockerfile's RUN lines and the
#    compose healthchecks), the shared libraries `ldd` lists for them, and /etc/passwd, group,
#    nsswitch.conf. No npm, no package manager: it only runs what is built elsewhere. Node.js has
#    its own CA bundle and skiff trusts its cluster CA only, so /etc/ssl is not needed. Made once,
#    kept for reuse (made again when the machine's node version changes, or with --force-base).
# 2. The image's files, prepared here the way the Dockerfile's build stage prepares them with a
#    real Node.js image (`--assemble`, the same function): packages/*/dist without declarations,
#    source maps or tests, the package.json files, proto/, and node_modules without dev packages
#    (a copy of the repository's, pruned with `npm prune --omit=dev --offline`, then trimmed).
# 3. `docker build --target runtime --build-arg NODE_IMAGE=skiff-base/node:20 --build-arg
#    SKIFF_PREBUILT=1` of the Dockerfile, with a build context holding those files in skiff/ (and
#    the package manifests the build stage copies first): the build stage skips npm ci (which needs
#    a registry) and the build, and passes skiff/ on; the runtime stage is built as always.
# skiff:dev and skiff-base/node:20 are kept for reuse; a rebuild drops the image it replaces.
# --etcd: skiff-etcd:3.4 (SKIFF_ETCD_IMAGE), for docker-compose.ha.yml: the base above plus this
#    machine's etcd (Debian's etcd-server, which scripts/setup.sh installs), as no registry can be
#    reached for an etcd image; node stays in it for the compose healthcheck (etcd's /health).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
say() { printf 'build-image: %s\n' "$*" >&2; }

BASE=${SKIFF_BASE_IMAGE:-skiff-base/node:20}
IMAGE=${SKIFF_IMAGE:-skiff:dev}
ETCD_IMAGE=${SKIFF_ETCD_IMAGE:-skiff-etcd:3.4}

# --assemble SRC OUT: copy a built checkout's runtime files from SRC to OUT (which must not
# exist). SRC must hold the build (packages/*/dist) and node_modules; its node_modules is copied
# and pruned, never changed. Needs bash, cp, find and npm: the host, or the Dockerfile's build stage.
assemble() {
  local src=$1 out=$2
  [ -f "$src/packages/cli/dist/main.js" ] || { say "$src is not built (no packages/cli/dist/main.js): run 'npm run build'"; exit 1; }
  [ -d "$src/node_modules" ] || { say "$src has no node_modules: run 'npm ci'"; exit 1; }
  mkdir -p "$out"
  cp "$src/package.json" "$src/package-lock.json" "$out/"
  cp -R "$src/proto" "$out/proto"
  local pkg name
  for pkg in "$src"/packages/*/; do
    name=$(basename "$pkg")
    [ -f "$pkg/package.json" ] && [ -d "$pkg/dist" ] || continue
    mkdir -p "$out/packages/$name"
    cp "$pkg/package.json" "$out/packages/$name/"
    cp -R "$pkg/dist" "$out/packages/$name/dist"
  done
  find "$out/packages" \( -name '*.d.ts' -o -name '*.map' -o -name '*.tsbuildinfo' -o -name '*.test.js' \) -type f -delete
  # node_modules: the workspace links (node_modules/@skiff/* -> ../../packages/*) come along.
  cp -R "$src/node_modules" "$out/node_modules"
  (cd "$out" && npm prune --omit=dev --offline --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  trim_node_modules "$out/node_modules"
}

# What no running skiff reads: TypeScript declarations, source maps, docs, native build leftovers,
# and prebuilt native modules for other systems than this one (classic-level ships a dozen).
trim_node_modules() {
  local nm=$1 arch platform
  find "$nm" -depth -type d \( -name test -o -name tests -o -name __tests__ -o -name docs -o -name example -o -name examples -o -name obj.target -o -name .github \) \
    -not -path "$nm/@skiff/*" -exec rm -rf {} +
  find "$nm" -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' -o -name '*.md' -o -name '*.markdown' \
    -o -name '*.ts' -o -name '*.cc' -o -name '*.h' -o -name '*.c' -o -name '*.gyp' -o -name '*.gypi' -o -name 'Makefile' -o -name '*.mk' \
    -o -name '.eslintrc*' -o -name '.travis.yml' -o -name '.npmignore' -o -name 'CHANGELOG*' \) -delete
  rm -rf "$nm/@types" "$nm/typescript" "$nm/nan" "$nm/.bin"
  arch=$(node -p 'process.arch')
  platform=$(node -p 'process.platform')
  local prebuilds
  for prebuilds in $(find "$nm" -type d -name prebuilds); do
    find "$prebuilds" -mindepth 1 -maxdepth 1 -type d -not -name "$platform-$arch" -exec rm -rf {} +
    # glibc, not musl (Debian's node and the node:*-slim images)
    find "$prebuilds" -name '*.musl.node' -delete
  done
  find "$nm" -depth -type d -empty -delete
}

# The base: node, ip, sh, their libraries, in a root filesystem of a few files.
build_base() {
  local root node ip sh version
  node=$(command -v node) || { say "no node on this machine"; exit 1; }
  node=$(readlink -f "$node")
  ip=$(command -v ip || true)
  [ -n "$ip" ] || for c in /sbin/ip /usr/sbin/ip /bin/ip /usr/bin/ip; do [ -x "$c" ] && { ip=$c; break; }; done
  [ -n "$ip" ] || { say "no 'ip' on this machine (install iproute2): the agent needs it"; exit 1; }
  ip=$(readlink -f "$ip")
  sh=$(readlink -f /bin/dash 2>/dev/null || readlink -f /bin/sh)
  version=$("$node" -p 'process.versions.node')
  root=$(mktemp -d)
  trap 'rm -rf "$root"' RETURN
  mkdir -p "$root"/{usr/local/bin,usr/bin,usr/sbin,bin,sbin,etc,tmp,root,var/lib}
  chmod 1777 "$root/tmp"
  chmod 700 "$root/root"
  if command -v strip >/dev/null 2>&1; then
    # Debug symbols only: native modules link against node's dynamic symbols, which stay.
    strip -o "$root/usr/bin/node" "$node"
  else
    cp "$node" "$root/usr/bin/node"
  fi
  cp "$ip" "$root/usr/sbin/ip"
  cp "$sh" "$root/bin/sh"
  ln -s ../usr/sbin/ip "$root/sbin/ip"
  ln -s ../usr/sbin/ip "$root/bin/ip"
  # Every library (and the loader) the three need, at the path the loader looks for it.
  local lib
  for lib in $( { ldd "$node"; ldd "$ip"; ldd "$sh"; } | grep -o '/[^ ]*' | sort -u); do
    [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
  "$root/usr/bin/node" -e 0 || { say "the stripped node does not run"; exit 1; }
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$version" \
    --change 'CMD ["node"]' \
    - "$BASE" >/dev/null
  say "made $BASE: node $version, $(basename "$ip"), sh ($(docker image inspect -f '{{.Size}}' "$BASE" | awk '{printf "%.1f MB", $1/1e6}'))"
}

# The etcd image: the base plus the machine's etcd binary (and any library it needs beyond the base's).
build_etcd() {
  local etcd context lib
  etcd=$(command -v etcd) || { say "no etcd on this machine: install Debian's etcd-server (scripts/setup.sh does)"; exit 1; }
  etcd=$(readlink -f "$etcd")
  context=$(mktemp -d)
  trap 'rm -rf "$context"' RETURN
  mkdir -p "$context/root/usr/bin"
  cp "$etcd" "$context/root/usr/bin/etcd"
  for lib in $(ldd "$etcd" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
    [ -e "$lib" ] || continue
    mkdir -p "$context/root$(dirname "$lib")"
    cp -L "$lib" "$context/root$lib"
  done
  printf 'FROM %s\nCOPY root/ /\nENTRYPOINT ["/usr/bin/etcd"]\n' "$BASE" >"$context/Dockerfile"
  if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi
  docker build -q --force-rm -t "$ETCD_IMAGE" "$context" >/dev/null
  say "built $ETCD_IMAGE: $("$etcd" --version | head -1) on $BASE"
}

base_is_current() {
  local want have
  want=$(node -p 'process.versions.node')
  have=$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$BASE" 2>/dev/null | sed -n 's/^NODE_VERSION=//p')
  [ "$want" = "$have" ]
}

case "${1:-}" in
  --assemble)
    [ $# -eq 3 ] || { say "usage: $0 --assemble SRC OUT"; exit 2; }
    assemble "$2" "$3"
    exit 0
    ;;
esac

force_base=0
base_only=0
etcd_only=0
for a in "$@"; do
  case "$a" in
    --force-base) force_base=1 ;;
    --base-only) base_only=1 ;;
    --etcd) etcd_only=1 ;;
    *) say "unknown argument $a"; exit 2 ;;
  esac
done

docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || { say "no Docker engine answers (bash scripts/docker-engine.sh starts one)"; exit 1; }
if [ $force_base = 1 ] || ! base_is_current; then build_base; fi
[ $base_only = 1 ] && exit 0
if [ $etcd_only = 1 ]; then build_etcd; exit 0; fi

# The build, if this checkout has none yet (npm test and npm run demo build first).
cd "$repo"
if [ ! -f packages/cli/dist/main.js ] || [ ! -d packages/proto/src/gen ]; then
  say "building the repository (npm run build)"
  npm run --silent build
else
  npx --no-install tsc -b # up to date: a no-op
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
assemble "$repo" "$context/skiff"
# The manifests the build stage copies before anything else.
cp package.json package-lock.json "$context/"
for pkg in packages/*/package.json; do mkdir -p "$context/$(dirname "$pkg")" && cp "$pkg" "$context/$pkg"; done
old=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
say "docker build $IMAGE (base $BASE)"
# Debian's docker.io 20.10 has no buildx, without which its CLI refuses BuildKit: the classic
# builder builds this Dockerfile the same way.
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi
if ! log=$(docker build --force-rm -f "$repo/Dockerfile" --target runtime --build-arg NODE_IMAGE="$BASE" --build-arg SKIFF_PREBUILT=1 -t "$IMAGE" "$context" 2>&1); then
  printf '%s\n' "$log" >&2
  say "docker build failed"
  exit 1
fi
# The classic builder keeps the build stage as an untagged image (the last id before the runtime
# stage's FROM): remove it, the files are in skiff:dev.
stage=$(printf '%s\n' "$log" | awk '/^Step [0-9]+\/[0-9]+ : FROM .* AS runtime/ { print id; exit } / ---> [0-9a-f]+$/ { id = $NF }')
if [ -n "$stage" ] && [ -z "$(docker image inspect -f '{{join .RepoTags ""}}' "$stage" 2>/dev/null)" ]; then docker rmi "$stage" >/dev/null 2>&1 || true; fi
new=$(docker image inspect -f '{{.Id}}' "$IMAGE")
# A rebuild leaves the previous image untagged: drop it unless a container still uses it.
if [ -n "$old" ] && [ "$old" != "$new" ]; then docker rmi "$old" >/dev/null 2>&1 || true; fi
say "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1/1e6}'); base $BASE $(docker image inspect -f '{{.Size}}' "$BASE" | awk '{printf "%.1f MB", $1/1e6}'))"
