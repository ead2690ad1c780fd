#!/usr/bin/env bash
# `npm run demo` (after scripts/setup.sh): start a local cluster of 3 nodes (a server and 3
# agents on this machine's Docker engine, state and logs in .skiff-local/), apply examples/demo/
# (a web Deployment of 3 behind a NodePort Service, the ConfigMap it reads, a StatefulSet of 2
# behind a headless Service), wait for them, show them, and fetch the web page through the
# NodePort a few times to show that different pods on different nodes answer.
#
# Safe to run twice: a cluster that is already up is reused (what of it is not running, a killed
# node say, is started again) and `apply` leaves unchanged objects alone. `skiff up` also points
# the CLI (~/.skiff/config, or $SKIFF_CONFIG) at the cluster, so a plain `skiff down` stops it.
# The server also serves the Kubernetes API for kubectl and writes its kubeconfig beside the CLI's
# config (~/.skiff/kubeconfig); the demo ends with the `export KUBECONFIG=...` to use it.
# For tests and for a second cluster: SKIFF_DEMO_DIR (default .skiff-local), SKIFF_DEMO_PORT
# (the server's port, default 7443), SKIFF_DEMO_KUBE_PORT (its Kubernetes API's port, default
# 6443; 0 for any free one), SKIFF_DEMO_NODE_PREFIX (nodes PREFIX-1..3, default node).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${SKIFF_DEMO_DIR:-.skiff-local}
port=${SKIFF_DEMO_PORT:-7443}
kube_port=${SKIFF_DEMO_KUBE_PORT:-6443}
prefix=${SKIFF_DEMO_NODE_PREFIX:-node}
nodeport=30080 # examples/demo/web.yaml
skiff() { node packages/cli/dist/main.js "$@"; }
step() { printf '\n$ skiff %s\n' "$*"; skiff "$@"; }
fail() { printf '\ndemo: %s\n' "$*" >&2; exit 1; }

step up --agents 3 --dir "$dir" --port "$port" --kube-listen "127.0.0.1:$kube_port" --node-prefix "$prefix"
export SKIFF_SERVER=127.0.0.1:$port
step apply -f examples/demo/

printf '\nwaiting for the web Deployment and the db StatefulSet to be ready...\n'
skiff rollout status deployment/web --timeout 120s >/dev/null || fail "deployment/web is not ready: see 'skiff describe deployment web' and $dir/*.log"
skiff rollout status statefulset/db --timeout 120s >/dev/null || fail "statefulset/db is not ready: see 'skiff describe statefulset db' and $dir/*.log"

# Ready pods become the Service's Endpoints, which reach every node's proxy a moment later.
for _ in $(seq 1 20); do
  [ "$(skiff get endpoints web | awk 'NR == 2 {print $2}' | tr ',' '\n' | grep -c :)" -ge 3 ] && break
  sleep 0.5
done
sleep 1

step get nodes
step get pods -o wide
step get services

# The NodePort answers on every node's address (127.0.0.2, .3, .4 under `skiff up`); each node's
# proxy sends each connection to its next ready pod (round-robin), wherever that pod runs. Three
# fetches through the first node, then one through each of the others.
mapfile -t addresses < <(skiff get nodes -o wide | awk 'NR > 1 && $2 == "Ready" {for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$/) {print $i; break}}')
[ "${#addresses[@]}" -gt 0 ] || fail "no node addresses in 'skiff get nodes -o wide'"
fetch() {
  if command -v curl >/dev/null; then curl -fsS --max-time 3 "$1"
  else node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then(async (r) => { if (!r.ok) process.exit(1); process.stdout.write(await r.text()); }).catch(() => process.exit(1))' "$1"
  fi
}
urls=("${addresses[0]}" "${addresses[0]}" "${addresses[@]}")
printf '\nthe web page, through the NodePort %s of the nodes:\n' "$nodeport"
replies=""
for address in "${urls[@]}"; do
  url="http://$address:$nodeport/"
  reply=""
  for _ in $(seq 1 20); do # the Endpoints reach each node's proxy within a second or so
    reply=$(fetch "$url" 2>/dev/null) && [ -n "$reply" ] && break
    sleep 0.5
  done
  printf '$ curl %s\n  %s\n' "$url" "${reply:-(no answer)}"
  replies+="$reply"$'\n'
done
pods=$(grep -o 'pod [^ ]*' <<<"$replies" | sort -u | wc -l)
nodes=$(grep -o 'node [^ ]*' <<<"$replies" | sort -u | wc -l)
printf '\n%s different pods on %s different nodes answered.\n' "$pods" "$nodes"
[ "$pods" -ge 2 ] && [ "$nodes" -ge 2 ] || fail "expected at least 2 pods on 2 nodes to answer; see 'skiff describe svc web' and $dir/*.log"

# Where the server wrote the kubeconfig: beside the CLI's config (`skiff kubeconfig` prints it).
kubeconfig="$(dirname "${SKIFF_CONFIG:-$HOME/.skiff/config}")/kubeconfig"
# The web dashboard's one-time login link (packages/dashboard; `skiff dashboard` prints another).
dashboard="$(skiff dashboard 2>&1 | head -n 1)"
cat <<EOT

skiff is running here: the server and the 3 agents log to $dir/*.log. Try (npx skiff works
from this folder; the CLI already points at this cluster):
  npx skiff get pods -o wide -w                  # leave it running, and in another terminal:
  npx skiff scale deployment/web --replicas 5    # 2 more pods, spread over the nodes
  npx skiff rollout restart deployment/web       # a rolling update: new pods, then old ones go
  npx skiff rollout undo deployment/web          # ... and back
  npx skiff get events -w                        # what every component did, as it happens
  npx skiff describe pod <a web pod>             # why the scheduler chose its node
  kill -9 \$(pgrep -f 'name $prefix-2 ')
                                                 # kill a node: NotReady within seconds, and
                                                 # its pods are replaced on the others;
                                                 # 'npm run demo' again starts it back
  curl http://${addresses[0]}:$nodeport/                   # the web page again
Watch it all live in a browser (the link works once, within a minute; 'npx skiff dashboard'
prints another): $dashboard
Then follow a Deployment through the code: docs/tutorial-follow-a-deployment.md
Stop it all with: npx skiff down

kubectl works with this cluster too (kubectl get pods, kubectl apply -f examples/demo/):
export KUBECONFIG=$kubeconfig
EOT
