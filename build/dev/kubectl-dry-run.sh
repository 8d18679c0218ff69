#!/usr/bin/env bash
# Checks manifests with `kubectl apply --dry-run=client` without a cluster, against a fake discovery
# endpoint on 127.0.0.1. Needs kubectl and python3. Usage:
#   build/dev/kubectl-dry-run.sh -f deploy/crds -f deploy/classes
#   java -jar cli/target/skipper.jar render -f FILE | build/dev/kubectl-dry-run.sh -f -
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${SKIPPER_FAKE_API_PORT:-18081}
work=$(mktemp -d)
python3 "$here/fake-discovery.py" "$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
cat > "$work/kubeconfig" <<CONFIG
apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "http://127.0.0.1:$port"}}]
users: [{name: fake, user: {token: none}}]
contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]
current-context: fake
CONFIG
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
KUBECONFIG="$work/kubeconfig" kubectl apply --dry-run=client --validate=false "$@"
