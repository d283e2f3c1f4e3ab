#!/usr/bin/env bash
# Bundles one TypeScript entry point with everything it imports into a single ES module, so the
# image runs it with plain `node` and no node_modules of its own (the worker, the migration
# runner) or only the Next.js server's traced ones (the portal: pass --external:next).
# Usage: bash scripts/bundle.sh ENTRY OUTFILE [esbuild flags...]
set -euo pipefail
entry=$1 outfile=$2
shift 2
# A bundled CommonJS dependency (pg, the Kubernetes client) calls require(); an ES module has
# none, so the banner gives it Node's own.
exec npx esbuild "$entry" --bundle --platform=node --format=esm --target=node20 --alias:@=. \
  --external:pg-native --log-level=warning --outfile="$outfile" \
  --banner:js="import { createRequire as __storefleetCreateRequire } from 'node:module'; const require = __storefleetCreateRequire(import.meta.url);" \
  "$@"
