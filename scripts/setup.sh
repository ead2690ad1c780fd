#!/usr/bin/env bash
# Set up everything skiff needs on a fresh machine, and nothing that is already there:
# node packages (npm ci), the build (tsc -b), and a running Docker engine.
# Safe to run again and again: `npm test` and `npm run demo` start with it.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'setup: %s\n' "$*"; }

# 1. Node packages: reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 2. Build: proto types, then TypeScript project references in dependency order.
say "building"
npm run --silent build
# `npx skiff` and node_modules/.bin/skiff: npm links a workspace's bin at install time only if
# the file exists then, and the CLI is built after `npm ci`.
chmod +x packages/cli/dist/main.js
[ -e node_modules/.bin/skiff ] || ln -s ../../packages/cli/dist/main.js node_modules/.bin/skiff

# 3. Docker engine (the agents run pods through it).
if [ "${SKIFF_SKIP_DOCKER:-}" = 1 ]; then
  say "SKIFF_SKIP_DOCKER=1: not checking for a Docker engine"
  exit 0
fi
bash scripts/docker-engine.sh

# 4. The local test image (no registry is reachable here): busybox from Debian's busybox-static.
bash scripts/test-image.sh
