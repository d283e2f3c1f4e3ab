#!/usr/bin/env bash
# The test ground's S3-compatible object store, for the store backups: versitygw (build.sh) with
# its POSIX backend on <state>/s3/data, one bucket (storefleet-backups), and root credentials made
# afresh at every start. It listens where both host processes and the real node's pods reach it:
# the real node's host address (10.97.0.1, realnode.sh) when a real node runs, else 127.0.0.1;
# port 9390 (STOREFLEET_S3_PORT). The connection settings go to <state>/s3.env (mode 0600) as
# the BACKUP_S3_* variables the product reads; env.sh exports them.
# Usage: s3.sh start|stop   (up.sh starts it after the real node, down.sh stops it before the
# node's host clean-up). start is idempotent; stop removes the data and the settings and exits 1
# when a server process is left.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
# shellcheck source=realnode.sh
source "$here/realnode.sh"

state="$root/.storefleet/kube"
components=(versitygw)
data="$state/s3/data"
settings="$state/s3.env"
s3_port="${STOREFLEET_S3_PORT:-9390}"
bucket=storefleet-backups
region=us-east-1
log() { printf '[kube-s3] %s\n' "$*" >&2; }
# shellcheck source=procs.sh
source "$here/procs.sh"

# The address pods of this cluster's real node reach the host at; 127.0.0.1 without a real node.
s3_address() {
  if [ "$(cat "$state/mode" 2>/dev/null)" = real-node ] &&
    ip addr show dev lo | grep " $REAL_NODE_API_ADDRESS/32" >/dev/null; then
    echo "$REAL_NODE_API_ADDRESS"
  else
    echo 127.0.0.1
  fi
}

# The value of one variable in s3.env.
setting() { sed -n "s/^$1=//p" "$settings" 2>/dev/null; }

# curl with the root credentials (SigV4), read from a config on stdin so the secret is never on
# a command line: s3_curl <access key> <secret> <curl arguments...>. Requests without a body
# only: S3 wants the payload's SHA-256 in a header, which curl 7.88 does not add (this is the
# hash of nothing).
empty_sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
s3_curl() {
  local key="$1" secret="$2"; shift 2
  printf 'user = "%s:%s"\n' "$key" "$secret" |
    curl -K - -sS --max-time 10 --aws-sigv4 "aws:amz:$region:s3" -H "x-amz-content-sha256: $empty_sha256" "$@"
}

# Whether the running server answers for the settings in s3.env (its bucket included), at the
# address it should have now.
s3_ready() {
  [ -f "$settings" ] && running versitygw versitygw || return 1
  [ "$(setting BACKUP_S3_ENDPOINT)" = "http://$(s3_address):$s3_port" ] || return 1
  s3_curl "$(setting BACKUP_S3_ACCESS_KEY_ID)" "$(setting BACKUP_S3_SECRET_ACCESS_KEY)" \
    -f -o /dev/null -I "$(setting BACKUP_S3_ENDPOINT)/$bucket"
}

# Pids of processes serving our data folder (escaped for pgrep's regular expression).
server_pids() { pgrep -f -- "$(printf '%s' "$data" | sed 's/[]\\.*^$[]/\\&/g')" || true; }

any_alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }

s3_stop() {
  local pid pids
  pid="$(cat "$state/versitygw.pid" 2>/dev/null)" || pid=""
  # The recorded process only if it still runs versitygw, and any other on our data folder
  # (a start that crashed before recording it).
  pids="$(server_pids)"
  if [ -n "$pid" ] && running versitygw versitygw; then pids="$pid $pids"; fi
  if [ -n "${pids// /}" ]; then
    # shellcheck disable=SC2086 # a list of pids
    kill $pids 2>/dev/null || true
    # shellcheck disable=SC2086 # a list of pids
    for _ in $(seq 50); do any_alive $pids || break; sleep 0.2; done
    # shellcheck disable=SC2086 # a list of pids
    kill -9 $pids 2>/dev/null || true
  fi
  rm -rf "$state/s3" "$settings" "$state/versitygw.pid"
  local left
  left="$(server_pids)"
  if [ -n "$left" ]; then
    log "ERROR: versitygw processes left: $left"
    return 1
  fi
}

s3_start() {
  if s3_ready; then
    log "already up: $(setting BACKUP_S3_ENDPOINT) (settings in $settings)"
    return 0
  fi
  local began=$SECONDS address endpoint key secret
  [ -x "$VERSITYGW_BIN_DIR/versitygw" ] || bash "$here/build.sh" --only versitygw
  # Whatever a crashed or earlier start left goes first: the data is disposable.
  s3_stop
  address="$(s3_address)"
  endpoint="http://$address:$s3_port"
  port_free "$s3_port" "$address" || fail "port $address:$s3_port is already in use (set STOREFLEET_S3_PORT)"
  mkdir -p "$state" "$data"
  chmod 700 "$state" "$state/s3"
  key="SF$(openssl rand -hex 9 | tr a-f A-F)"
  secret="$(openssl rand -hex 20)"
  # The credentials reach versitygw through its environment (readable by root only), never its
  # command line. No access log: the test requests would fill the state folder.
  (
    export ROOT_ACCESS_KEY_ID="$key" ROOT_SECRET_ACCESS_KEY="$secret" VGW_REGION="$region"
    start versitygw "$VERSITYGW_BIN_DIR/versitygw" --port "$address:$s3_port" --health /health --quiet posix "$data"
  )
  wait_until 30 versitygw "versitygw on $endpoint" curl -fsS --max-time 2 -o /dev/null "$endpoint/health"
  s3_curl "$key" "$secret" -f -o /dev/null -X PUT "$endpoint/$bucket" || fail "creating bucket $bucket failed"
  (
    umask 077
    cat >"$settings.tmp" <<ENV
BACKUP_S3_ENDPOINT=$endpoint
BACKUP_S3_BUCKET=$bucket
BACKUP_S3_REGION=$region
BACKUP_S3_ACCESS_KEY_ID=$key
BACKUP_S3_SECRET_ACCESS_KEY=$secret
BACKUP_S3_EGRESS_CIDRS=$address/32
ENV
  )
  mv "$settings.tmp" "$settings"
  s3_ready || fail "bucket $bucket does not answer at $endpoint"
  log "S3 server up in $((SECONDS - began)) s: $endpoint, bucket $bucket (settings in $settings)"
}

case "${1:-}" in
  start) s3_start ;;
  stop) s3_stop && log "S3 server stopped, its data removed" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
