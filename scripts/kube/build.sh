#!/usr/bin/env bash
# Builds the local control plane (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd), KWOK and Helm 4 from the Go module proxy into the cache directory.
# Each binary is built once per pinned version; later runs return at once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

export CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
log() { printf '[kube-build] %s\n' "$*" >&2; }

build_kubernetes() {
  local need=0 b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl etcd; do
    [ -x "$KUBE_BIN_DIR/$b" ] || need=1
  done
  [ "$need" = 1 ] || return 0
  log "building Kubernetes $KUBE_VERSION and etcd (first run only; 15-30 min on 2 cores)"
  local work="$STOREFLEET_CACHE/build/kubernetes-$KUBE_VERSION"
  mkdir -p "$work" "$KUBE_BIN_DIR"
  # k8s.io/kubernetes points its staging modules at ./staging with replace lines, which only
  # work inside its own repository. A wrapper module replaces each with the published
  # k8s.io/<name> v0.<minor>.<patch> release instead.
  local staging_version="v0${KUBE_VERSION#v1}"
  local gomod
  gomod="$(cd "$work" && go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  {
    echo "module storefleet.local/kube-build"
    echo
    echo "go $(sed -n 's/^go //p' "$gomod")"
    echo
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    echo
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#replace \1 => \1 '"$staging_version"'#p' "$gomod"
  } > "$work/go.mod"
  cat > "$work/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  (cd "$work" && go mod tidy -e >/dev/null)
  local minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"
  (cd "$work" && go build -trimpath -ldflags "$ldflags" -o "$KUBE_BIN_DIR/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
  (cd "$work" && go build -trimpath -ldflags "-s -w" -o "$KUBE_BIN_DIR/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  [ -x "$KWOK_BIN_DIR/kwok" ] && return 0
  log "building KWOK $KWOK_VERSION"
  mkdir -p "$KWOK_BIN_DIR"
  GOBIN="$KWOK_BIN_DIR" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
}

build_helm() {
  [ -x "$HELM_BIN_DIR/helm" ] && return 0
  log "building Helm $HELM_VERSION"
  mkdir -p "$HELM_BIN_DIR"
  GOBIN="$HELM_BIN_DIR" go install -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
}

build_helm
build_kwok
build_kubernetes
log "binaries ready in $STOREFLEET_CACHE/bin"
