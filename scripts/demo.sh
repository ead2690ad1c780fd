#!/usr/bin/env bash
# `npm run demo`: start a skiff server on this machine (data in .skiff-local/), apply an example
# Deployment and ConfigMap, and show them. Agents and pods that really run arrive with `skiff up`.
# Safe to run twice: a server already started by the demo is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.skiff-local
port=${SKIFF_DEMO_PORT:-7443}
export SKIFF_SERVER=127.0.0.1:$port
skiff() { node packages/cli/dist/main.js "$@"; }
mkdir -p "$dir"

if skiff version >/dev/null 2>&1; then
  echo "demo: a skiff server already answers on $SKIFF_SERVER; using it"
else
  echo "demo: starting skiff server on $SKIFF_SERVER (data: $dir/data, log: $dir/server.log)"
  setsid node packages/cli/dist/main.js server --data-dir "$dir/data" --listen "$SKIFF_SERVER" \
    >"$dir/server.log" 2>&1 < /dev/null &
  echo $! > "$dir/server.pid"
  for _ in $(seq 1 100); do skiff version >/dev/null 2>&1 && break; sleep 0.1; done
  skiff version >/dev/null || { echo "demo: the server did not start; see $dir/server.log"; tail "$dir/server.log"; exit 1; }
fi

step() { printf '\n$ skiff %s\n' "$*"; skiff "$@"; }
step version
step apply -f examples/nginx-deployment.yaml -f examples/web-config.yaml
step get deployments -o wide
step get configmaps
step describe deployment nginx-deployment
step apply -f examples/nginx-deployment.yaml

cat <<EOT

The server keeps running (pid $(cat "$dir/server.pid" 2>/dev/null || echo '?'), data in $dir/data). Try:
  export SKIFF_SERVER=$SKIFF_SERVER
  npx skiff get deploy -w                      # then, in another terminal:
  npx skiff apply -f examples/nginx-deployment.yaml   # after editing replicas: 'configured'
  npx skiff get deploy nginx-deployment -o yaml
  npx skiff delete -f examples/nginx-deployment.yaml
Stop it with: kill \$(cat $dir/server.pid)
EOT
