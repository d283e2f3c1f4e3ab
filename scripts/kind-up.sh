#!/usr/bin/env bash
# Storefleet on a local kind cluster in one command, for people with Docker: a kind cluster
# (deploy/kind/kind-config.yaml), the Gateway API CRDs, Traefik as the Gateway controller (its
# own Helm chart), Storefleet's Gateway, the Storefleet image built and loaded into kind, and
# charts/storefleet with values-local.yaml (bundled PostgreSQL, generated secrets). Then it prints
# the portal's URL. Needs docker, kind, kubectl, helm and the internet.
# Run again to update after a change; scripts/kind-down.sh deletes the cluster. Traefik comes
# from the current release of its chart unless TRAEFIK_CHART_VERSION names one.
# This repository's CI has no container engine: it checks what this script applies
# (tests/chart/quickstart.test.ts) but has never run it; its users have.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=kube/versions.sh
source "$root/scripts/kube/versions.sh"
cluster="${KIND_CLUSTER_NAME:-storefleet}"
image="storefleet/storefleet:local"
log() { printf '[kind-up] %s\n' "$*" >&2; }
for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || { log "ERROR: $tool is required"; exit 1; }
done

if kind get clusters 2>/dev/null | grep -x -- "$cluster" >/dev/null; then
  log "kind cluster $cluster exists"
else
  kind create cluster --name "$cluster" --config "$root/deploy/kind/kind-config.yaml"
fi
kubectl config use-context "kind-$cluster" >/dev/null

log "Gateway API CRDs $GATEWAY_API_VERSION (standard channel)"
kubectl apply --server-side -f "https://github.com/kubernetes-sigs/gateway-api/releases/download/$GATEWAY_API_VERSION/standard-install.yaml" >/dev/null

log "Traefik as the Gateway controller${TRAEFIK_CHART_VERSION:+ (chart $TRAEFIK_CHART_VERSION)}"
helm repo add traefik https://traefik.github.io/charts --force-update >/dev/null
helm upgrade --install traefik traefik/traefik --namespace storefleet-gateway --create-namespace \
  ${TRAEFIK_CHART_VERSION:+--version "$TRAEFIK_CHART_VERSION"} -f "$root/deploy/kind/traefik-values.yaml" --wait >/dev/null
kubectl apply -f "$root/deploy/kind/gateway.yaml" >/dev/null

log "building $image and loading it into kind"
docker build -t "$image" "$root"
kind load docker-image "$image" --name "$cluster"

log "installing Storefleet (charts/storefleet with values-local.yaml)"
helm upgrade --install storefleet "$root/charts/storefleet" --namespace storefleet --create-namespace \
  -f "$root/charts/storefleet/values-local.yaml" --wait --timeout 10m >/dev/null
# The image keeps its tag across rebuilds: new pods run the one just loaded.
kubectl -n storefleet rollout restart deployment >/dev/null
kubectl -n storefleet rollout status deployment --timeout 5m >/dev/null

cat <<MSG
Storefleet is up: http://portal.localtest.me (the first account to sign up is an administrator).
Stores get http://<name>.stores.localtest.me: *.localtest.me resolves to 127.0.0.1, and this
machine's port 80 is the cluster's gateway (kind-config.yaml). Delete it all: bash scripts/kind-down.sh
MSG
