#!/usr/bin/env bash
# `npm run dev`: the portal (next dev) and one provisioning worker, against the local simulated
# cluster unless KUBECONFIG names another. Ctrl-C stops both.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$repo_root"
use_cluster
npm run --silent worker &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
npx next dev -p "${PORT:-3000}"
