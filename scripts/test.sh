#!/usr/bin/env bash
# `npm test`: every test against real parts. Installs what is missing (Debian packages, Node
# modules), starts PostgreSQL and the Kubernetes test environment (unless KUBECONFIG names a
# cluster), then runs: type check, unit, integration, Kubernetes, chart and worker tests
# (vitest), the store bootstrap + checkout test (skipped, with the reason, without WordPress
# sources), the portal's end-to-end tests (Playwright in Chromium), the API fuzzing
# (schemathesis, scripts/fuzz-api.sh), and a whole store's life on the local test ground's real
# node (skipped, with the reason, where none runs).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$repo_root"

bash scripts/system-deps.sh --with-store-test --real-node --lint
if [ ! -d node_modules ] || [ ! node_modules/.package-lock.json -nt package-lock.json ]; then npm ci; fi
# Tests create their own databases on this server; the database named here is never touched.
export DATABASE_URL="${TEST_DATABASE_URL:-postgresql://storefleet:storefleet@127.0.0.1:5432/storefleet}"
export AUTH_SECRET="${AUTH_SECRET:-test-secret-test-secret-test-secret-0123}"
bash scripts/postgres.sh
use_cluster

step() { printf '\n=== %s ===\n' "$*"; }
# Each runner also writes a JSON report here; the last line of the run adds them up, passed or not.
export STOREFLEET_RESULTS_DIR="$repo_root/test-results/totals"
rm -rf "$STOREFLEET_RESULTS_DIR" && mkdir -p "$STOREFLEET_RESULTS_DIR"
trap 'step "totals"; npx tsx scripts/test-totals.ts "$STOREFLEET_RESULTS_DIR" || true' EXIT
step "type check"
npx tsc --noEmit
step "shell scripts (ShellCheck)"
git ls-files -z -- '*.sh' .ci/run | xargs -0 shellcheck --external-sources
step "unit, integration, Kubernetes and chart tests"
run_vitest() { npx vitest run --reporter=default --reporter=json --outputFile.json="$STOREFLEET_RESULTS_DIR/$1.json" "${@:2}"; }
run_vitest vitest --project unit --project integration --project kube --project chart
# The worker tests include the image's contents (tests/worker/image-layout.test.ts), and the
# portal's end-to-end tests run the same build.
step "production build (the image's contents)"
npm run --silent build
# The worker tests wait on the whole control plane (its controllers, KWOK, the watch caches):
# alone on the machine, not beside the chart and Kubernetes tests' installs.
step "worker tests"
run_vitest vitest-worker --project worker
step "store bootstrap and checkout against real WordPress + WooCommerce"
npm run --silent test:store
step "portal end to end (Playwright, Chromium)"
E2E_DATABASE_URL="$(npx tsx scripts/fresh-database.ts e2e)"
export E2E_DATABASE_URL
PLAYWRIGHT_JSON_OUTPUT_FILE="$STOREFLEET_RESULTS_DIR/portal.json" npx playwright test
step "API fuzzing (schemathesis against /api/v1/openapi.json)"
bash scripts/fuzz-api.sh "${FUZZ_PORT:-3400}"

step "a store's life on the real node (create, checkout, persistence, isolation, delete)"
REALSTORE_DATABASE_URL="$(npx tsx scripts/fresh-database.ts realstore)"
export REALSTORE_DATABASE_URL
PLAYWRIGHT_JSON_OUTPUT_FILE="$STOREFLEET_RESULTS_DIR/realstore.json" npx playwright test --config e2e/realstore/playwright.config.ts
