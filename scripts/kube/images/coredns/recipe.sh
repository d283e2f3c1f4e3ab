# CoreDNS: the static binary built by scripts/kube/build.sh on an empty filesystem. It runs as
# a non-root user and listens on 1053; the kube-dns Service maps port 53 to it.
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_VERSION="${COREDNS_VERSION#v}"
IMAGE_PACKAGES=""
IMAGE_CONFIG='{"Entrypoint":["/coredns"],"User":"65532:65532","ExposedPorts":{"1053/udp":{},"1053/tcp":{}}}'
image_check() { [ -x "$COREDNS_BIN_DIR/coredns" ] || { log "no CoreDNS binary (run build.sh --real-node)"; return 1; }; }
image_inputs() { sha256sum "$COREDNS_BIN_DIR/coredns"; }
image_rootfs() { install -m 755 "$COREDNS_BIN_DIR/coredns" "$1/coredns"; }
