#!/bin/sh
# Storefleet shop bootstrap: turns a WordPress directory with a wp-config.php into a WooCommerce
# shop that sells. POSIX sh (runs in the Alpine wp-cli image and on Debian).
#
# Idempotent: every step checks before it creates or changes anything, so running it again on a
# bootstrapped shop changes nothing. The last line is "bootstrap: <N> change(s)"; N is 0 when
# nothing was created or changed.
#
# Environment (required ones marked *):
#   WP_PATH                  WordPress root (default /var/www/html)
#   WP_CLI                   wp-cli command, split on spaces (default "wp"),
#                            e.g. "php -d memory_limit=512M /usr/local/bin/wp"
# * STORE_URL                exact public URL, scheme and host (e.g. https://shop.example.com)
#   STORE_TITLE              site title (default "My Shop")
#   STORE_ADMIN_USER         administrator login (default admin)
# * STORE_ADMIN_EMAIL        administrator e-mail
# * STORE_ADMIN_PASSWORD     administrator password, or STORE_ADMIN_PASSWORD_FILE naming a file
#                            that holds it (set at install, and again when it is not the
#                            password these data were last given)
#   STORE_CURRENCY           ISO 4217 currency (default USD)
#   STORE_ADDRESS_STREET, STORE_ADDRESS_CITY, STORE_ADDRESS_POSTCODE
#   STORE_COUNTRY            WooCommerce country[:state] (default US:CA)
#   STORE_PRODUCTS           products, one per line "sku|price|name", or STORE_PRODUCTS_FILE
#                            naming a file in that format; created only when the SKU is absent
#   STORE_SAMPLE_PRODUCTS    1: import WooCommerce's own sample catalogue once (with
#                            SAMPLE_PRODUCTS_IMPORTER, default import-sample-products.php beside
#                            this script)
#   WOOCOMMERCE_VERSION      WooCommerce version to install (default 10.2.4)
#   WOOCOMMERCE_PACKAGE      optional zip path or URL installed instead of
#                            `wp plugin install woocommerce --version=$WOOCOMMERCE_VERSION`
#                            (it must contain that version)
#
# --allow-root is passed to wp-cli only when running as uid 0.
#
# Tenant text (STORE_TITLE comes from the store's display name) never reaches wp-cli as a
# positional argument, where a value such as "--exec=<php>" would be read as a global flag: option
# values go through stdin, and other values only as the right-hand side of `--key=value`.
set -eu

WP_PATH="${WP_PATH:-/var/www/html}"
WP_CLI="${WP_CLI:-wp}"
STORE_TITLE="${STORE_TITLE:-My Shop}"
STORE_ADMIN_USER="${STORE_ADMIN_USER:-admin}"
STORE_CURRENCY="${STORE_CURRENCY:-USD}"
STORE_ADDRESS_STREET="${STORE_ADDRESS_STREET:-}"
STORE_ADDRESS_CITY="${STORE_ADDRESS_CITY:-}"
STORE_ADDRESS_POSTCODE="${STORE_ADDRESS_POSTCODE:-}"
STORE_COUNTRY="${STORE_COUNTRY:-US:CA}"
WOOCOMMERCE_VERSION="${WOOCOMMERCE_VERSION:-10.2.4}"
WOOCOMMERCE_PACKAGE="${WOOCOMMERCE_PACKAGE:-}"
STORE_SAMPLE_PRODUCTS="${STORE_SAMPLE_PRODUCTS:-0}"
SAMPLE_PRODUCTS_IMPORTER="${SAMPLE_PRODUCTS_IMPORTER:-$(dirname "$0")/import-sample-products.php}"

die() { echo "bootstrap: error: $*" >&2; exit 1; }
[ -n "${STORE_URL:-}" ] || die "STORE_URL is required"
[ -n "${STORE_ADMIN_EMAIL:-}" ] || die "STORE_ADMIN_EMAIL is required"

if [ "$(id -u)" = 0 ]; then ROOT_FLAG="--allow-root"; else ROOT_FLAG=""; fi

# shellcheck disable=SC2086 # WP_CLI and ROOT_FLAG are split on purpose
wpc() { $WP_CLI --path="$WP_PATH" $ROOT_FLAG "$@" </dev/null; }
# Same, reading the value of `option update <name>` from stdin.
# shellcheck disable=SC2086
wpc_stdin() { $WP_CLI --path="$WP_PATH" $ROOT_FLAG "$@"; }

CHANGES=0
changed() { CHANGES=$((CHANGES + 1)); echo "  + $*"; }
unchanged() { echo "  = $*"; }

# put_option NAME VALUE: stores VALUE through stdin, so it is never parsed as an argument.
put_option() { printf '%s' "$2" | wpc_stdin option update "$1" >/dev/null; }

# set_option NAME VALUE: update only when the stored value differs.
set_option() {
  current="$(wpc option get "$1" 2>/dev/null || true)"
  if [ "$current" = "$2" ]; then
    unchanged "option $1"
  else
    put_option "$1" "$2"
    changed "option $1 set to '$2' (was '$current')"
  fi
}

echo "bootstrap: shop at $STORE_URL (wp-cli $(wpc cli version 2>/dev/null | sed 's/^WP-CLI //'), uid $(id -u))"

if [ -z "${STORE_ADMIN_PASSWORD:-}" ]; then
  [ -n "${STORE_ADMIN_PASSWORD_FILE:-}" ] || die "STORE_ADMIN_PASSWORD or STORE_ADMIN_PASSWORD_FILE is required"
  STORE_ADMIN_PASSWORD="$(cat "$STORE_ADMIN_PASSWORD_FILE")"
fi
# A digest of the password the platform set, kept in an option: when the store's Secret holds
# another password than the one these data were given (a clone, a deleted store brought back
# with a new Secret), the administrator's password follows the Secret, so the login the portal
# shows works; a password the owner changed in wp-admin under the same Secret is kept.
PASSWORD_DIGEST="$(printf '%s' "$STORE_ADMIN_PASSWORD" | sha256sum | cut -d' ' -f1)"

# 1. WordPress core.
if wpc core is-installed >/dev/null 2>&1; then
  unchanged "WordPress $(wpc core version) installed"
  if [ "$(wpc option get storefleet_admin_password_digest 2>/dev/null || true)" = "$PASSWORD_DIGEST" ]; then
    unchanged "administrator password"
  else
    # Through stdin (--prompt), never the command line; the login is the platform's own.
    printf '%s\n' "$STORE_ADMIN_PASSWORD" | wpc_stdin user update "$STORE_ADMIN_USER" --skip-email --prompt=user_pass >/dev/null
    put_option storefleet_admin_password_digest "$PASSWORD_DIGEST"
    changed "administrator password set to the store's Secret"
  fi
  # Data made for another URL (a clone of another store): rewrite it everywhere, serialized
  # values included; guids stay, as WordPress asks. The stored home comes from the data, which
  # its owner controls, so it is used only when it is a plain URL (never read as a flag).
  old_url="$(wpc option get home 2>/dev/null || true)"
  if [ -n "$old_url" ] && [ "$old_url" != "$STORE_URL" ]; then
    if printf '%s\n' "$old_url" | grep -Eqx 'https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?'; then
      replaced="$(wpc search-replace "$old_url" "$STORE_URL" --all-tables-with-prefix --skip-columns=guid --format=count)"
      changed "URLs of $old_url rewritten to $STORE_URL ($replaced)"
    else
      echo "  ! the stored home URL is not a plain http(s) URL: only home and siteurl are set"
    fi
  fi
else
  # The password goes through stdin (--prompt), not the command line.
  # shellcheck disable=SC2086
  printf '%s\n' "$STORE_ADMIN_PASSWORD" | $WP_CLI --path="$WP_PATH" $ROOT_FLAG core install \
    --url="$STORE_URL" --title="$STORE_TITLE" --admin_user="$STORE_ADMIN_USER" \
    --admin_email="$STORE_ADMIN_EMAIL" --skip-email --prompt=admin_password >/dev/null
  put_option storefleet_admin_password_digest "$PASSWORD_DIGEST"
  changed "WordPress $(wpc core version) installed at $STORE_URL (admin: $STORE_ADMIN_USER)"
fi
set_option home "$STORE_URL"
set_option siteurl "$STORE_URL"
# WordPress stores the title HTML-escaped, so it never reads back as given; the title the platform
# last applied is kept beside it. A title the owner later edits in wp-admin is therefore kept
# until the store's display name changes in Storefleet.
if [ "$(wpc option get storefleet_applied_title 2>/dev/null || true)" = "$STORE_TITLE" ]; then
  unchanged "shop title"
else
  put_option blogname "$STORE_TITLE"
  put_option storefleet_applied_title "$STORE_TITLE"
  changed "shop title set to '$STORE_TITLE'"
fi

# 2. Pretty permalinks (the block checkout and the Store API need them). install-wordpress.sh
#    writes the Apache .htaccess with the WordPress rewrite rules; only the option is set.
if [ "$(wpc option get permalink_structure 2>/dev/null || true)" = "/%postname%/" ]; then
  unchanged "pretty permalinks"
else
  wpc rewrite structure '/%postname%/' >/dev/null
  changed "pretty permalinks /%postname%/"
fi

# 3. WooCommerce at the pinned version, active.
case "$WOOCOMMERCE_PACKAGE" in
  "" | http://* | https://*) ;;
  *) [ -f "$WOOCOMMERCE_PACKAGE" ] || die "WooCommerce package $WOOCOMMERCE_PACKAGE does not exist" ;;
esac
install_woocommerce() {
  if [ -n "$WOOCOMMERCE_PACKAGE" ]; then
    wpc plugin install "$WOOCOMMERCE_PACKAGE" "$@" >/dev/null
  else
    wpc plugin install woocommerce --version="$WOOCOMMERCE_VERSION" "$@" >/dev/null
  fi
}
if wpc plugin is-installed woocommerce >/dev/null 2>&1; then
  installed_version="$(wpc plugin get woocommerce --field=version 2>/dev/null || true)"
  if [ "$installed_version" = "$WOOCOMMERCE_VERSION" ]; then
    unchanged "WooCommerce $installed_version installed"
  else
    install_woocommerce --force
    changed "WooCommerce $installed_version replaced by $(wpc plugin get woocommerce --field=version)"
    if wpc plugin is-active woocommerce >/dev/null 2>&1; then
      wpc wc update >/dev/null
    fi
  fi
else
  install_woocommerce
  changed "WooCommerce $(wpc plugin get woocommerce --field=version) installed${WOOCOMMERCE_PACKAGE:+ from $WOOCOMMERCE_PACKAGE}"
fi
if wpc plugin is-active woocommerce >/dev/null 2>&1; then
  unchanged "WooCommerce active"
else
  wpc plugin activate woocommerce >/dev/null
  changed "WooCommerce activated"
fi

# 4. Open the shop: no "coming soon" page, no onboarding wizard.
set_option woocommerce_coming_soon no
set_option woocommerce_store_pages_only no
set_option woocommerce_allow_tracking no
if wpc option get woocommerce_onboarding_profile --format=json 2>/dev/null | grep -q '"skipped":true'; then
  unchanged "onboarding skipped"
else
  wpc option update woocommerce_onboarding_profile '{"skipped":true}' --format=json >/dev/null
  changed "onboarding marked skipped"
fi
if [ -n "$(wpc transient get _wc_activation_redirect 2>/dev/null || true)" ]; then
  wpc transient delete _wc_activation_redirect >/dev/null
  changed "activation redirect removed"
fi

# 5. Store address and currency.
set_option woocommerce_store_address "$STORE_ADDRESS_STREET"
set_option woocommerce_store_city "$STORE_ADDRESS_CITY"
set_option woocommerce_store_postcode "$STORE_ADDRESS_POSTCODE"
set_option woocommerce_default_country "$STORE_COUNTRY"
set_option woocommerce_currency "$STORE_CURRENCY"

# 6. Cash on delivery.
if [ "$(wpc option pluck woocommerce_cod_settings enabled 2>/dev/null || true)" = "yes" ]; then
  unchanged "Cash on delivery enabled"
else
  wpc wc payment_gateway update cod --enabled=true --user="$STORE_ADMIN_USER" >/dev/null
  changed "Cash on delivery enabled"
fi

# 7. Free shipping on zone 0 ("Locations not covered by your other zones"), once.
if wpc wc shipping_zone_method list 0 --field=method_id --user="$STORE_ADMIN_USER" 2>/dev/null | grep -qx free_shipping; then
  unchanged "free shipping on zone 0"
else
  wpc wc shipping_zone_method create 0 --method_id=free_shipping --enabled=true --user="$STORE_ADMIN_USER" >/dev/null
  changed "free shipping added to zone 0"
fi

# 8. Products, by SKU.
PRODUCTS="${STORE_PRODUCTS:-}"
if [ -z "$PRODUCTS" ] && [ -n "${STORE_PRODUCTS_FILE:-}" ] && [ -f "$STORE_PRODUCTS_FILE" ]; then
  PRODUCTS="$(cat "$STORE_PRODUCTS_FILE")"
fi
while IFS='|' read -r sku price name; do
  [ -n "$sku" ] || continue
  existing="$(wpc post list --post_type=product --post_status=any --meta_key=_sku --meta_value="$sku" --format=ids)"
  if [ -n "$existing" ]; then
    unchanged "product $sku (#$existing)"
  else
    id="$(wpc wc product create --name="$name" --sku="$sku" --type=simple --regular_price="$price" \
      --status=publish --user="$STORE_ADMIN_USER" --porcelain)"
    changed "product $sku '$name' at $price created (#$id)"
  fi
done <<EOF
$PRODUCTS
EOF

# 9. WooCommerce's sample catalogue, once: a marker option records the import, so products the
#    owner later deletes or edits are not brought back.
if [ "$STORE_SAMPLE_PRODUCTS" = 1 ]; then
  if [ "$(wpc option get storefleet_sample_products 2>/dev/null || true)" = imported ]; then
    unchanged "sample products"
  else
    result="$(wpc eval-file "$SAMPLE_PRODUCTS_IMPORTER" --user="$STORE_ADMIN_USER")" || die "sample products: $result"
    imported="${result%% *}"
    failed="$(printf '%s\n' "$result" | sed -n '1s/^[0-9]* //p')"
    [ "$failed" = 0 ] || die "sample products: $failed row(s) failed: $(printf '%s\n' "$result" | sed -n 2,4p)"
    put_option storefleet_sample_products imported
    changed "sample products imported ($imported)"
  fi
fi

# 10. A classic (shortcode) checkout page besides WooCommerce's block checkout.
existing="$(wpc post list --post_type=page --post_status=any --name=classic-checkout --format=ids)"
if [ -n "$existing" ]; then
  unchanged "classic checkout page (#$existing)"
else
  id="$(wpc post create --post_type=page --post_title='Classic Checkout' --post_name=classic-checkout \
    --post_status=publish --post_content='<!-- wp:shortcode -->[woocommerce_checkout]<!-- /wp:shortcode -->' --porcelain)"
  changed "classic checkout page created (#$id)"
fi

if [ "$CHANGES" -gt 0 ]; then
  wpc rewrite flush >/dev/null
fi
echo "bootstrap: $CHANGES change(s)"
