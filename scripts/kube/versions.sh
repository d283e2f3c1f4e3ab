# shellcheck shell=bash disable=SC2034 # read by the scripts that source it
# Pinned versions of the local Kubernetes test environment. Sourced by the other scripts.
# Changing one here rebuilds that binary on the next `npm run kube:up`.
KUBE_VERSION="v1.36.3"
KWOK_VERSION="v0.8.0"
HELM_VERSION="v4.3.1"
# The real node's cluster add-ons (built only when the real node runs; see realnode.sh).
COREDNS_VERSION="v1.15.0"
# Traefik v3.6: the Go module proxy here lacks 15 dependency versions of v3.7.x (lego DNS-provider
# SDKs and Traefik's own go-http-auth fork), so v3.7 cannot be built here; v3.6.12 can.
TRAEFIK_VERSION="v3.6.12"
KUBE_ROUTER_VERSION="v2.1.0"
# Gateway API CRDs (standard channel), from the sigs.k8s.io/gateway-api module: the version
# Traefik $TRAEFIK_VERSION is built against.
GATEWAY_API_VERSION="v1.4.0"
# S3-compatible object storage for the store-backup tests (scripts/kube/s3.sh): versitygw's POSIX
# backend. v1.8.0 is the release the Go module proxy lists.
VERSITYGW_VERSION="v1.8.0"
STOREFLEET_CACHE="${STOREFLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storefleet}"
KUBE_BIN_DIR="$STOREFLEET_CACHE/bin/kubernetes-$KUBE_VERSION"
KWOK_BIN_DIR="$STOREFLEET_CACHE/bin/kwok-$KWOK_VERSION"
HELM_BIN_DIR="$STOREFLEET_CACHE/bin/helm-$HELM_VERSION"
COREDNS_BIN_DIR="$STOREFLEET_CACHE/bin/coredns-$COREDNS_VERSION"
TRAEFIK_BIN_DIR="$STOREFLEET_CACHE/bin/traefik-$TRAEFIK_VERSION"
KUBE_ROUTER_BIN_DIR="$STOREFLEET_CACHE/bin/kube-router-$KUBE_ROUTER_VERSION"
VERSITYGW_BIN_DIR="$STOREFLEET_CACHE/bin/versitygw-$VERSITYGW_VERSION"
