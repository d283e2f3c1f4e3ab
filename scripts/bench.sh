#!/usr/bin/env bash
# `npm run bench`: Storefleet's provisioning figures against the Helm floor, and a fleet's, on the
# local simulated cluster (or the one KUBECONFIG names). Prints figures; asserts nothing.
# Uses its own database; needs a production build for the API figures (made when missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$repo_root"
[ -d node_modules ] || npm ci
export DATABASE_URL="${DATABASE_URL:-postgresql://storefleet:storefleet@127.0.0.1:5432/storefleet}"
export AUTH_SECRET="${AUTH_SECRET:-bench-secret-bench-secret-bench-secret-0123}"
bash scripts/postgres.sh
use_cluster
[ -f .next/standalone/dist/portal.mjs ] || npm run --silent build
npm run --silent build:worker
DATABASE_URL="$(npx tsx scripts/fresh-database.ts bench)"
export DATABASE_URL
# Presets and limits of a benchmark, not of a shop: small stores, no creation rate limit.
export STORE_SIZES='{"tiny":{"label":"Tiny","cpu":"400m","memory":"512Mi","storage":"2Gi"}}'
export STORE_CREATE_RATE_LIMIT=1000000 WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-4}"
# Backups off unless asked for (BENCH_BACKUPS=1): the floor takes none, and with them each delete
# first waits for the store's final backup.
[ "${BENCH_BACKUPS:-0}" = 1 ] || export BACKUP_S3_ENDPOINT=""
echo "[bench] machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
exec npx tsx scripts/bench/run.ts
