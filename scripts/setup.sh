#!/usr/bin/env bash
# Set up everything skiff needs on a fresh machine, and nothing that is already there:
# node packages (npm ci), the build (tsc -b), kubectl and etcd for tests, and a running Docker engine.
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

# 3. kubectl, for the tests of the Kubernetes API (test/kubectl.test.ts): the one on PATH, else
# Debian's kubernetes-client (kubectl 1.20), so that those tests never skip.
if ! command -v kubectl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing kubectl (Debian's kubernetes-client)"
    (apt-get install -y -qq kubernetes-client >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq kubernetes-client >/dev/null; }) ||
      say "could not install kubernetes-client: the kubectl tests will say so"
  else
    say "no kubectl on PATH (and not root to install Debian's kubernetes-client): the kubectl tests will say so"
  fi
fi

# 4. etcd, for the etcd store's tests (packages/store: they start their own etcd on 127.0.0.1) and
# `skiff server --etcd-endpoints`: the one on PATH, else Debian's etcd-server (3.4). No service is
# started: the package's own etcd service is not used.
if ! command -v etcd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing etcd (Debian's etcd-server)"
    (apt-get install -y -qq etcd-server >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq etcd-server >/dev/null; }) ||
      say "could not install etcd-server: the etcd store tests will fail until etcd is on PATH"
  else
    say "no etcd on PATH (and not root to install Debian's etcd-server): the etcd store tests will fail until it is"
  fi
fi

# 4b. Chromium, for the dashboard's browser tests (test/dashboard.test.ts drives it with
# playwright-core, executablePath /usr/bin/chromium): Debian's package, never a browser download.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium (Debian's package, for the dashboard's browser tests)"
    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null; }) ||
      say "could not install chromium: the dashboard's browser tests will say so"
  else
    say "no /usr/bin/chromium (and not root to install Debian's chromium): the dashboard's browser tests will say so"
  fi
fi

# 5. Docker engine (the agents run pods through it).
if [ "${SKIFF_SKIP_DOCKER:-}" = 1 ]; then
  say "SKIFF_SKIP_DOCKER=1: not checking for a Docker engine"
  exit 0
fi
bash scripts/docker-engine.sh

# 6. The local test image (no registry is reachable here): busybox from Debian's busybox-static.
bash scripts/test-image.sh
