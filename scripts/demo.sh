#!/usr/bin/env bash
# `npm run demo`: start a local cluster (a server and 2 agents on this machine's Docker engine,
# state in .skiff-local/), run two pods on it, and show them. Safe to run twice: a cluster that
# is already up is reused. `skiff up` also points the CLI (~/.skiff/config) at the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.skiff-local
skiff() { node packages/cli/dist/main.js "$@"; }
step() { printf '\n$ skiff %s\n' "$*"; skiff "$@"; }

step up --agents 2 --dir "$dir" --port "${SKIFF_DEMO_PORT:-7443}"
export SKIFF_SERVER=127.0.0.1:${SKIFF_DEMO_PORT:-7443}
step apply -f examples/hello-pods.yaml
printf '\nwaiting for the pods to run'
for _ in $(seq 1 100); do
  running=$(skiff get pods -l app=hello | grep -c Running || true)
  [ "$running" = 2 ] && break
  printf '.'; sleep 0.3
done
echo
step get nodes -o wide
step get pods -o wide
step logs hello-1
step describe pod hello-2 | sed -n '1,12p'
echo "  ..."

cat <<EOT

skiff is running here: the server and both agents log to $dir/*.log. Try:
  npx skiff get pods -w                       # and in another terminal:
  npx skiff delete pod hello-1                # its containers go away ('docker ps')
  npx skiff exec hello-2 -- wget -qO- http://127.0.0.1:8080/
  docker ps --filter label=skiff.node         # every container says which node and pod it is
  kill -9 \$(pgrep -f 'name node-1')           # the node turns NotReady within seconds
Stop it all with: npx skiff down --dir $dir
EOT
