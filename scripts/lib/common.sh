# shellcheck shell=bash
# Shared by the scripts in scripts/: repository root, .env reading and the cluster choice.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NEXT_TELEMETRY_DISABLED=1

# Prints a variable from the environment, else from .env (parsed by Node, as Next.js does).
env_value() {
  if [ -n "${!1:-}" ]; then printf '%s' "${!1}"; return; fi
  [ -f "$repo_root/.env" ] || return 0
  node --env-file="$repo_root/.env" -e "process.stdout.write(process.env['$1'] ?? '')"
}

# Uses the cluster named by KUBECONFIG (shell or .env); without one, starts the local simulated
# cluster and points KUBECONFIG at it. Puts helm and kubectl on PATH either way.
use_cluster() {
  local configured
  configured="$(env_value KUBECONFIG)"
  if [ -n "$configured" ]; then export KUBECONFIG="$configured"; fi
  # shellcheck source=../kube/env.sh
  source "$repo_root/scripts/kube/env.sh"
  if [ "${STOREFLEET_LOCAL_KUBE:-}" = 1 ]; then
    bash "$repo_root/scripts/kube/up.sh"
    # Again: what up.sh started writes settings only then (the S3 server's new keys, s3.env).
    # shellcheck source=../kube/env.sh
    source "$repo_root/scripts/kube/env.sh"
  else
    echo "[storefleet] using the cluster in KUBECONFIG=$KUBECONFIG; nothing local is started" >&2
  fi
}
