#!/usr/bin/env bash
# Builds the local control plane (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd), KWOK and Helm 4 from the Go module proxy into the cache directory. With
# --real-node it also builds what the real node needs: kubelet and kube-proxy (same wrapper
# module and version stamp as the control plane), CoreDNS, Traefik and kube-router. Always also
# versitygw, the S3-compatible server of the backup tests (scripts/kube/s3.sh).
# Each binary is built once per pinned version; later runs return at once.
# Usage: build.sh [--real-node]    or, one part alone: build.sh --only <coredns|traefik|kube-router|versitygw|...>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

export CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
log() { printf '[kube-build] %s\n' "$*" >&2; }
real_node=0
[ "${1:-}" = --real-node ] && real_node=1

# Prints the names among "$@" that are not yet executable in directory $1.
missing_in() {
  local dir="$1" b; shift
  for b in "$@"; do [ -x "$dir/$b" ] || printf '%s\n' "$b"; done
}

# Path of a module's go.mod in the module cache (downloading it if needed).
module_gomod() { (cd "$1" && go mod download -json "$2" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p'); }

# write_wrapper <dir> <module@version> <package...>: a throw-away module that requires the
# module and imports the packages to build (go.mod lines beyond the require come on stdin),
# then resolves every other dependency with `go mod tidy`. Modules whose go.mod carries replace
# lines (Kubernetes, Traefik) cannot be built with `go install mod@version`; a wrapper can.
write_wrapper() {
  local dir="$1" module="${2%@*}" version="${2#*@}" pkg; shift 2
  mkdir -p "$dir"
  {
    echo "module storefleet.local/$(basename "$dir")"
    echo
    echo "go $(sed -n 's/^go //p' "$(module_gomod "$dir" "$module@$version")")"
    echo
    echo "require $module $version"
    echo
    cat
  } >"$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for pkg in "$@"; do printf '\t_ "%s"\n' "$pkg"; done
    printf ')\n'
  } >"$dir/tools.go"
  (cd "$dir" && go mod tidy -e >/dev/null)
}

build_kubernetes() {
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  [ "$real_node" = 1 ] && bins+=(kubelet kube-proxy)
  local todo=() etcd_missing
  mapfile -t todo < <(missing_in "$KUBE_BIN_DIR" "${bins[@]}")
  etcd_missing="$(missing_in "$KUBE_BIN_DIR" etcd)"
  [ "${#todo[@]}" -gt 0 ] || [ -n "$etcd_missing" ] || return 0
  log "building Kubernetes $KUBE_VERSION: ${todo[*]} ${etcd_missing} (first run only; 5-30 min on 2 cores)"
  local work="$STOREFLEET_CACHE/build/kubernetes-$KUBE_VERSION"
  mkdir -p "$work" "$KUBE_BIN_DIR"
  # k8s.io/kubernetes points its staging modules at ./staging with replace lines, which only
  # work inside its own repository. The wrapper replaces each with the published
  # k8s.io/<name> v0.<minor>.<patch> release instead.
  local staging_version="v0${KUBE_VERSION#v1}" gomod
  gomod="$(mkdir -p "$work" && module_gomod "$work" "k8s.io/kubernetes@$KUBE_VERSION")"
  sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#replace \1 => \1 '"$staging_version"'#p' "$gomod" |
    write_wrapper "$work" "k8s.io/kubernetes@$KUBE_VERSION" go.etcd.io/etcd/server/v3 \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl \
      k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy
  local minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"
  if [ "${#todo[@]}" -gt 0 ]; then
    (cd "$work" && go build -trimpath -ldflags "$ldflags" -o "$KUBE_BIN_DIR/" "${todo[@]/#/k8s.io/kubernetes/cmd/}")
  fi
  if [ -n "$etcd_missing" ]; then
    (cd "$work" && go build -trimpath -ldflags "-s -w" -o "$KUBE_BIN_DIR/etcd" go.etcd.io/etcd/server/v3)
  fi
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

# CoreDNS with only the plugins scripts/kube/addons/coredns.yaml uses, in their standard order: its
# documented way to choose plugins at compile time. The full release links every cloud provider's
# SDK and takes several times as long to build.
COREDNS_PLUGINS=(ready health errors loadbalance cache template kubernetes)
build_coredns() {
  [ -x "$COREDNS_BIN_DIR/coredns" ] && return 0
  log "building CoreDNS $COREDNS_VERSION (plugins: ${COREDNS_PLUGINS[*]})"
  local work="$STOREFLEET_CACHE/build/coredns-$COREDNS_VERSION" p
  mkdir -p "$work" "$COREDNS_BIN_DIR"
  {
    printf 'package main\n\nimport (\n\t"github.com/coredns/coredns/core/dnsserver"\n\t"github.com/coredns/coredns/coremain"\n'
    for p in "${COREDNS_PLUGINS[@]}"; do printf '\t_ "github.com/coredns/coredns/plugin/%s"\n' "$p"; done
    printf ')\n\nfunc main() {\n\tdnsserver.Directives = []string{'
    for p in "${COREDNS_PLUGINS[@]}"; do printf '"%s", ' "$p"; done
    printf '}\n\tcoremain.Run()\n}\n'
  } >"$work/main.go"
  (cd "$work" && printf 'module storefleet.local/coredns\n\ngo 1.26\n\nrequire github.com/coredns/coredns %s\n' "$COREDNS_VERSION" >go.mod &&
    go mod tidy >/dev/null 2>&1 && go build -trimpath -ldflags "-s -w" -o "$COREDNS_BIN_DIR/coredns" .)
}

# Traefik's go.mod replaces a library with its own fork (go-http-auth); the wrapper keeps every
# replace and exclude line of that go.mod.
build_traefik() {
  [ -x "$TRAEFIK_BIN_DIR/traefik" ] && return 0
  log "building Traefik $TRAEFIK_VERSION"
  local work="$STOREFLEET_CACHE/build/traefik-$TRAEFIK_VERSION" gomod
  mkdir -p "$work" "$TRAEFIK_BIN_DIR"
  gomod="$(module_gomod "$work" "github.com/traefik/traefik/v3@$TRAEFIK_VERSION")"
  # Replace lines, single or inside a block, and exclude lines, as Traefik has them.
  awk '/^replace \(/{b=1;next} b&&/^\)/{b=0;next} b{print "replace " $0;next} /^(replace|exclude) /{print}' "$gomod" |
    write_wrapper "$work" "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" github.com/traefik/traefik/v3/cmd/traefik
  (cd "$work" && go build -trimpath -o "$TRAEFIK_BIN_DIR/traefik" \
    -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION" \
    github.com/traefik/traefik/v3/cmd/traefik)
}

# kube-router v2.1.0 (the release the Go module proxy serves) pins dependencies with published
# security advisories. The wrapper raises them to fixed releases, as far as kube-router still
# compiles against them; it runs only in the disposable local test ground (docs/kube-env.md).
KUBE_ROUTER_RAISED=(golang.org/x/net@v0.62.0 google.golang.org/grpc@v1.85.0
  google.golang.org/protobuf@v1.36.12 github.com/docker/docker@v26.1.4+incompatible)
build_kube_router() {
  [ -x "$KUBE_ROUTER_BIN_DIR/kube-router" ] && return 0
  log "building kube-router $KUBE_ROUTER_VERSION (firewall controller)"
  local work="$STOREFLEET_CACHE/build/kube-router-$KUBE_ROUTER_VERSION"
  mkdir -p "$work" "$KUBE_ROUTER_BIN_DIR"
  write_wrapper "$work" "github.com/cloudnativelabs/kube-router/v2@$KUBE_ROUTER_VERSION" \
    github.com/cloudnativelabs/kube-router/v2/cmd/kube-router </dev/null
  (cd "$work" && go get "${KUBE_ROUTER_RAISED[@]}" >/dev/null 2>&1 && go mod tidy -e >/dev/null)
  (cd "$work" && go build -trimpath -o "$KUBE_ROUTER_BIN_DIR/kube-router" \
    -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
    github.com/cloudnativelabs/kube-router/v2/cmd/kube-router)
}

# versitygw, the S3-compatible server scripts/kube/s3.sh runs for the backup tests; its go.mod has
# no replace lines, so `go install module@version` builds it.
build_versitygw() {
  [ -x "$VERSITYGW_BIN_DIR/versitygw" ] && return 0
  log "building versitygw $VERSITYGW_VERSION"
  mkdir -p "$VERSITYGW_BIN_DIR"
  GOBIN="$VERSITYGW_BIN_DIR" go install -trimpath -ldflags "-s -w -X main.Version=$VERSITYGW_VERSION" \
    "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
}

if [ "${1:-}" = --only ]; then "build_${2//-/_}"; exit; fi

build_helm
build_kwok
build_kubernetes
build_versitygw
if [ "$real_node" = 1 ]; then
  build_coredns
  build_kube_router
  build_traefik
fi
log "binaries ready in $STOREFLEET_CACHE/bin"
