#!/usr/bin/env bash
# Runs Docker Compose with the given arguments: the v2 plugin (`docker compose`) when the engine's
# CLI has it, else the standalone v1 `docker-compose` (Debian's package), which is installed
# here when neither exists (needs root and Debian's package archive). Only the compose test and
# docs/containers.md use this: `npm test`'s set-up (scripts/setup.sh) does not need Compose.
#   bash scripts/compose.sh -p demo up -d
#   bash scripts/compose.sh --which     # prints the command it would run, installing if needed
set -euo pipefail
say() { printf 'compose: %s\n' "$*" >&2; }

if docker compose version >/dev/null 2>&1; then
  cmd=(docker compose)
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      say "neither 'docker compose' (the v2 plugin) nor 'docker-compose' is installed;"
      say "install one (on Debian, as root: apt-get install -y docker-compose) and run this again."
      exit 1
    fi
    say "installing docker-compose from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq docker-compose >/tmp/skiff-compose-install.log 2>&1; then
      apt-get update -qq >>/tmp/skiff-compose-install.log 2>&1 || true
      apt-get install -y -qq docker-compose >>/tmp/skiff-compose-install.log 2>&1 || {
        say "could not install docker-compose (see /tmp/skiff-compose-install.log)"
        exit 1
      }
    fi
  fi
  cmd=(docker-compose)
fi

if [ "${1:-}" = "--which" ]; then
  printf '%s\n' "${cmd[*]}"
  exit 0
fi
exec "${cmd[@]}" "$@"
