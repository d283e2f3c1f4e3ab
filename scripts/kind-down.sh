#!/usr/bin/env bash
# Deletes the kind cluster of scripts/kind-up.sh, with every store and the bundled database in it.
set -euo pipefail
kind delete cluster --name "${KIND_CLUSTER_NAME:-storefleet}"
