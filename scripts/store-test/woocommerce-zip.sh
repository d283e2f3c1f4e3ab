#!/usr/bin/env bash
# Prints the path of a WooCommerce package zip made from the store-test sources, laid out like a
# wordpress.org download (one top folder, woocommerce/). Zipped once per version into
# $STOREFLEET_CACHE/store-test; fails with the reason when the sources or `zip` are missing.
#   STORE_TEST_WOOCOMMERCE_DIR  extracted WooCommerce plugin dir (default .../store-test/woocommerce)
set -euo pipefail
CACHE="${STOREFLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storefleet}"
WC_SRC="${STORE_TEST_WOOCOMMERCE_DIR:-$CACHE/store-test/woocommerce}"
die() { echo "woocommerce-zip: $*" >&2; exit 1; }
[ -f "$WC_SRC/woocommerce.php" ] || die "no WooCommerce at $WC_SRC (set STORE_TEST_WOOCOMMERCE_DIR)"
command -v zip >/dev/null || die "zip is not installed (apt-get install zip)"
version="$(sed -n 's/^[ *]*Version: *//p' "$WC_SRC/woocommerce.php" | sed -n 1p | tr -d '\r')"
[ -n "$version" ] || die "no Version header in $WC_SRC/woocommerce.php"
out="$CACHE/store-test/woocommerce-$version.zip"
if [ ! -s "$out" ]; then
  echo "woocommerce-zip: zipping WooCommerce $version into $out" >&2
  mkdir -p "$(dirname "$out")"
  pkg="$(mktemp -d)"
  trap 'rm -rf "$pkg"' EXIT
  ln -s "$(cd "$WC_SRC" && pwd)" "$pkg/woocommerce"
  (cd "$pkg" && zip -qr "$out.tmp" woocommerce) || die "zip failed for $out"
  mv "$out.tmp" "$out"
fi
echo "$out"
