#!/usr/bin/env bash
# Stops the local Kubernetes env started by up.sh and deletes its state (<repo>/.storefleet/kube),
# and removes what a real node left on the host (node-down.sh; exit 1 if anything remains).
# The S3 server (s3.sh) goes first: it listens on the node's host address, which node-down.sh
# removes.
# Idempotent: running it when nothing is up does nothing and succeeds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.storefleet/kube"

s3_rc=0
bash "$here/s3.sh" stop || s3_rc=$?

# Then the real node (its kubelet and proxies are API clients), with its host clean-up and
# the check that nothing of it is left.
node_rc=0
bash "$here/node-down.sh" "$state" || node_rc=$?

# Stop clients before servers (provisioner and KWOK first, etcd last) so nothing logs a
# burst of connection errors on the way down.
for name in volume-provisioner kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pid="$(cat "$state/$name.pid" 2>/dev/null)" || continue
  # Only signal a live process that still runs this component: a stale pid file must never
  # make us kill an unrelated process that reused the pid.
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -- "$name" >/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
done
rm -rf "$state"
echo "[kube-down] local Kubernetes env stopped and removed" >&2
[ "$node_rc" != 0 ] || node_rc="$s3_rc"
exit "$node_rc"
