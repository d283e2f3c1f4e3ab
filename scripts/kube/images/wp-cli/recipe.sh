# wp-cli with PHP 8.2 from Debian, honouring what the chart uses of the official
# wordpress:cli-<version>-php8.2 image (`sh`, `php`, /usr/local/bin/wp), plus the WooCommerce
# package of the store-test sources at /usr/src/woocommerce/woocommerce-<version>.zip, so the
# chart value woocommerce.package can install it without wordpress.org. Differences:
# docs/kube-env.md.
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_PACKAGES="php8.2-cli php8.2-mysql php8.2-gd php8.2-curl php8.2-xml php8.2-mbstring php8.2-intl php8.2-zip"
IMAGE_CONFIG='{"Cmd":["wp","shell"],"User":"33:33","WorkingDir":"/var/www/html","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}'
image_check() {
  [ -f "$WPCLI_BIN" ] || { log "no wp-cli at $WPCLI_BIN (set STORE_TEST_WPCLI)"; return 1; }
  [ -f "$WC_SRC/woocommerce.php" ] || { log "no WooCommerce at $WC_SRC (set STORE_TEST_WOOCOMMERCE_DIR)"; return 1; }
}
IMAGE_VERSION="cli-$(image_check 2>/dev/null && php "$WPCLI_BIN" --version --allow-root | sed 's/^WP-CLI //')-php8.2"
image_inputs() { sha256sum "$WPCLI_BIN"; cat "$WC_SRC/woocommerce.php"; }
image_rootfs() {
  local root="$1" zip
  install -m 755 "$WPCLI_BIN" "$root/usr/local/bin/wp"
  zip="$(bash "$here/../../store-test/woocommerce-zip.sh")"
  install -D -m 644 "$zip" "$root/usr/src/woocommerce/$(basename "$zip")"
  install -d -o 33 -g 33 "$root/var/www/html"
}
