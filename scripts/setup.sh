#!/usr/bin/env bash
# From a fresh clone to a running portal: Debian packages, Node modules, .env with a generated
# AUTH_SECRET, PostgreSQL and migrations, the Kubernetes cluster (the local simulated one unless
# KUBECONFIG names a cluster), then the portal and a worker (`npm run dev`).
# Pass --no-start to stop after setting up.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$repo_root"

bash scripts/system-deps.sh
if [ ! -f .env ]; then
  cp .env.example .env
  sed -i "s#^AUTH_SECRET=.*#AUTH_SECRET=$(openssl rand -base64 32)#" .env
  echo "[setup] wrote .env (edit it to configure Storefleet; see README.md)" >&2
fi
if [ ! -d node_modules ] || [ ! node_modules/.package-lock.json -nt package-lock.json ]; then npm ci; fi
DATABASE_URL="$(env_value DATABASE_URL)" bash scripts/postgres.sh
npm run --silent db:migrate
[ "${1:-}" = "--no-start" ] && exit 0
exec bash scripts/dev.sh
