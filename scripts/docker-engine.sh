#!/usr/bin/env bash
# Make sure a Docker engine answers on /var/run/docker.sock: install docker.io and start dockerd
# in the background when they are missing (needs root), or say plainly what to do.
set -euo pipefail
say() { printf 'docker: %s\n' "$*"; }
sock=/var/run/docker.sock

answers() { command -v docker >/dev/null 2>&1 && docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if answers; then exit 0; fi

if [ "$(id -u)" != 0 ]; then
  say "no Docker engine answers on $sock, and setting one up needs root."
  say "Start Docker yourself (e.g. 'sudo systemctl start docker'), or run this script as root."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  say "installing docker.io from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  if ! apt-get install -y -qq docker.io >/tmp/skiff-docker-install.log 2>&1; then
    say "could not install docker.io (see /tmp/skiff-docker-install.log)."
    say "Install Docker by hand, start it, and run this again."
    exit 1
  fi
fi

say "starting dockerd in the background (log: /var/log/skiff-dockerd.log)"
setsid dockerd >/var/log/skiff-dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 60); do
  if answers; then say "engine is up ($(docker version --format '{{.Server.Version}}'))"; exit 0; fi
  sleep 0.5
done
say "dockerd did not answer on $sock within 30 s. Its last words:"
tail -n 15 /var/log/skiff-dockerd.log >&2 || true
exit 1
