# CoreDNS: the static binary built by scripts/kube/build.sh on an empty filesystem, run as a
# non-root user (its pod lowers ip_unprivileged_port_start so it can bind 53).
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_VERSION="${COREDNS_VERSION#v}"
IMAGE_PACKAGES=""
IMAGE_CONFIG='{"Entrypoint":["/coredns"],"User":"65532:65532","ExposedPorts":{"53/udp":{},"53/tcp":{}}}'
image_check() { [ -x "$COREDNS_BIN_DIR/coredns" ] || { log "no CoreDNS binary (run build.sh --real-node)"; return 1; }; }
image_inputs() { sha256sum "$COREDNS_BIN_DIR/coredns"; }
image_rootfs() { install -m 755 "$COREDNS_BIN_DIR/coredns" "$1/coredns"; }
