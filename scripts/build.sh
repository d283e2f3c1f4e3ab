#!/usr/bin/env bash
# `npm run build`: the production build, laid out exactly as the image runs it (Dockerfile).
# .next/standalone is Next.js's standalone output (the server with only the node_modules files it
# traced); this script adds what it leaves out:
#   .next/static, public/         served by the portal
#   dist/portal.mjs               server.ts bundled (Next.js itself stays in node_modules)
#   dist/worker.mjs               the provisioning worker, bundled whole
#   dist/migrate.mjs + prisma/migrations   the migration runner and its SQL
#   charts/woocommerce-store      the store chart the worker installs
# Run it as `node .next/standalone/dist/portal.mjs` (what `npm start` does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npx next build
out=.next/standalone
rm -rf "$out/.next/static" "$out/public" "$out/dist" "$out/prisma" "$out/charts"
cp -r .next/static "$out/.next/static"
cp -r public "$out/public"
mkdir -p "$out/prisma" "$out/charts"
cp -r prisma/migrations "$out/prisma/migrations"
cp -r charts/woocommerce-store "$out/charts/woocommerce-store"
bash scripts/bundle.sh server.ts "$out/dist/portal.mjs" --external:next
bash scripts/bundle.sh lib/worker/main.ts "$out/dist/worker.mjs"
bash scripts/bundle.sh scripts/migrate.ts "$out/dist/migrate.mjs"
echo "build: $out ($(du -sh "$out" | cut -f1)); start it with: node $out/dist/portal.mjs"
