# shellcheck shell=bash disable=SC2296 # ${(%):-%x} is zsh's way to name the sourced file
# Source this file (`source scripts/kube/env.sh`) to use the pinned helm and kubectl.
# - Puts the cached Helm 4 and kubectl directories first on PATH.
# - Only when KUBECONFIG is NOT already set: points KUBECONFIG at the local env's admin
#   kubeconfig and sets STOREFLEET_LOCAL_KUBE=1, telling callers to run scripts/kube/up.sh.
#   A KUBECONFIG set by the user means "use my real cluster" (kind, k3s, ...): nothing local
#   is started and tests run against that cluster unchanged.
# - With the local env (STOREFLEET_LOCAL_KUBE=1) and its S3 server up (s3.sh writes
#   .storefleet/kube/s3.env): exports the BACKUP_S3_* settings of that server. They change at
#   every start: source this file again after `npm run kube:up`.
# Written for bash and zsh; it sets variables only and never exits the calling shell.
_storefleet_kube_dir="$(cd "$(dirname "${BASH_SOURCE[0]:-${(%):-%x}}")" && pwd)"
# shellcheck source=versions.sh
source "$_storefleet_kube_dir/versions.sh"
export PATH="$HELM_BIN_DIR:$KUBE_BIN_DIR:$PATH"
if [ -z "${KUBECONFIG:-}" ]; then
  KUBECONFIG="$(cd "$_storefleet_kube_dir/../.." && pwd)/.storefleet/kube/kubeconfig"
  export KUBECONFIG
  export STOREFLEET_LOCAL_KUBE=1
elif [ "${STOREFLEET_LOCAL_KUBE:-}" = 1 ] && [ "$KUBECONFIG" != "$(cd "$_storefleet_kube_dir/../.." && pwd)/.storefleet/kube/kubeconfig" ]; then
  # A stale flag from an earlier source must not claim a foreign cluster is the local env.
  unset STOREFLEET_LOCAL_KUBE
fi
if [ "${STOREFLEET_LOCAL_KUBE:-}" = 1 ] && [ -f "$_storefleet_kube_dir/../../.storefleet/kube/s3.env" ]; then
  while IFS='=' read -r _storefleet_key _storefleet_value; do
    case "$_storefleet_key" in BACKUP_S3_*) export "$_storefleet_key=$_storefleet_value" ;; esac
  done <"$_storefleet_kube_dir/../../.storefleet/kube/s3.env"
  unset _storefleet_key _storefleet_value
fi
unset _storefleet_kube_dir
