# Traefik: the static binary built by scripts/kube/build.sh on an empty filesystem, run as a
# non-root user on unprivileged ports (8000 web, 8080 ping).
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_VERSION="${TRAEFIK_VERSION#v}"
IMAGE_PACKAGES=""
IMAGE_CONFIG='{"Entrypoint":["/traefik"],"User":"65532:65532","ExposedPorts":{"8000/tcp":{},"8080/tcp":{}}}'
image_check() { [ -x "$TRAEFIK_BIN_DIR/traefik" ] || { log "no Traefik binary (run build.sh --real-node)"; return 1; }; }
image_inputs() { sha256sum "$TRAEFIK_BIN_DIR/traefik"; }
image_rootfs() {
  install -m 755 "$TRAEFIK_BIN_DIR/traefik" "$1/traefik"
  # Traefik writes nothing but may create temporary files.
  install -d -m 1777 "$1/tmp"
}
