#!/usr/bin/env bash
# Real-software proof of the woocommerce-store chart's bootstrap: runs the chart's
# files/bootstrap.sh (unchanged) against a real WordPress + WooCommerce + MariaDB on this machine,
# runs it a second time (must change nothing), then places Cash on Delivery orders through the
# block and the classic checkout with Playwright (e2e/store/checkout.spec.ts).
#
# Nothing is downloaded. Inputs (defaults under $STOREFLEET_CACHE/store-test, STOREFLEET_CACHE
# defaulting to ~/.cache/storefleet):
#   STORE_TEST_WORDPRESS_DIR    extracted WordPress core          (default .../wordpress)
#   STORE_TEST_WOOCOMMERCE_DIR  extracted WooCommerce plugin dir  (default .../woocommerce)
#   STORE_TEST_WPCLI            wp-cli phar / executable          (default .../wp)
# Needs php8.2 (cli mysql gd curl xml mbstring intl zip) and mariadb-server; installs them with
# apt-get when missing and running as root. Without the inputs the test reports SKIPPED, exit 0.
# Everything runs under a temporary directory (own MariaDB datadir/socket/port, own docroot) and
# is stopped and removed on exit. STORE_TEST_KEEP=1 keeps the directory for debugging.
# STORE_TEST_RUN_AS=www-data (when root) runs the bootstrap as that user, like the cluster's
# uid 33 (Debian's www-data is uid 33, as in the WordPress image); default: the current user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CACHE="${STOREFLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storefleet}"
WP_SRC="${STORE_TEST_WORDPRESS_DIR:-$CACHE/store-test/wordpress}"
WC_SRC="${STORE_TEST_WOOCOMMERCE_DIR:-$CACHE/store-test/woocommerce}"
WPCLI_BIN="${STORE_TEST_WPCLI:-$CACHE/store-test/wp}"
BOOTSTRAP="$ROOT/charts/woocommerce-store/files/bootstrap.sh"
PW_CONFIG="$ROOT/e2e/store/playwright.config.ts"

log() { echo "store-test: $*"; }

# Every step is named, so the first one that fails stops the run and says which it was.
current_step="checking the inputs"
step() { current_step="$1"; }
set -E
trap 'log "FAILED at step \"$current_step\" (exit $?; line $LINENO)"' ERR

# playwright <report name> <args...>: with a JSON report for scripts/test.sh's totals when it asks.
playwright() {
  local report="$1"; shift
  if [ -n "${STOREFLEET_RESULTS_DIR:-}" ]; then
    PLAYWRIGHT_JSON_OUTPUT_FILE="$STOREFLEET_RESULTS_DIR/$report.json" "$ROOT/node_modules/.bin/playwright" "$@"
  else
    "$ROOT/node_modules/.bin/playwright" "$@"
  fi
}

skip() {
  log "SKIPPED: $1"
  if [ -x "$ROOT/node_modules/.bin/playwright" ]; then
    # The spec skips itself with this reason, so the runner reports "skipped" too.
    STORE_TEST_SKIP_REASON="$1" playwright store-checkout test --config "$PW_CONFIG" || true
  fi
  exit 0
}

[ -f "$WP_SRC/wp-includes/version.php" ] || skip "no WordPress at $WP_SRC (set STORE_TEST_WORDPRESS_DIR)"
[ -f "$WC_SRC/woocommerce.php" ] || skip "no WooCommerce at $WC_SRC (set STORE_TEST_WOOCOMMERCE_DIR)"
[ -f "$WPCLI_BIN" ] || skip "no wp-cli at $WPCLI_BIN (set STORE_TEST_WPCLI)"
[ -x "$ROOT/node_modules/.bin/playwright" ] || skip "@playwright/test is not installed (npm install)"

# --- Debian packages -------------------------------------------------------------------------
step "Debian packages"
# system-deps.sh installs what is missing (it needs root or sudo); without them, skip.
bash "$ROOT/scripts/system-deps.sh" --with-store-test ||
  skip "missing Debian packages (bash scripts/system-deps.sh --with-store-test needs root or sudo)"

# --- temporary world, stopped on exit ------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/storefleet-store-test.XXXXXX")"
DB_PID=""; WEB_PID=""
cleanup() {
  local rc=$?
  # Stopping the servers is no failed step: their exit statuses (143 after SIGTERM) are expected.
  trap - ERR
  set +e
  # Each server runs in its own process group (setsid): PHP's worker processes die with it.
  for pid in $WEB_PID $DB_PID; do
    kill -TERM -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ "${STORE_TEST_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2016 # PHP code: its $ are PHP's
free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'; }
# shellcheck disable=SC2016 # PHP code: its $ are PHP's
random_secret() { php -r 'echo bin2hex(random_bytes($argv[1]));' "$1"; }

# --- MariaDB (private instance) ----------------------------------------------------------------
step "MariaDB"
DB_PORT="$(free_port)"
DB_SOCK="$WORK/mysqld.sock"
mkdir -p "$WORK/db" "$WORK/secrets"
mariadb-install-db --no-defaults --datadir="$WORK/db" --user="$(id -un)" \
  --auth-root-authentication-method=normal --skip-test-db >"$WORK/mariadb-install.log" 2>&1
setsid mariadbd --no-defaults --datadir="$WORK/db" --user="$(id -un)" --socket="$DB_SOCK" \
  --port="$DB_PORT" --bind-address=127.0.0.1 --pid-file="$WORK/mysqld.pid" \
  --log-error="$WORK/mariadb.log" --skip-name-resolve &
DB_PID=$!
for _ in $(seq 1 60); do
  mariadb-admin --no-defaults --socket="$DB_SOCK" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$DB_PID" 2>/dev/null || { cat "$WORK/mariadb.log"; exit 1; }
  sleep 0.5
done
DB_PASSWORD="$(random_secret 16)"
printf '%s' "$DB_PASSWORD" >"$WORK/secrets/mariadb-password"
mariadb --no-defaults --socket="$DB_SOCK" -uroot <<SQL
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'127.0.0.1';
SQL

# --- WordPress docroot, configured from the environment like the official image ------------
step "WordPress docroot"
DOCROOT="$WORK/html"
mkdir -p "$DOCROOT"
# The chart's own install step and wp-config.php, as the install-wordpress init container runs
# them: twice, as every restart of the WordPress pod does.
for _ in 1 2; do
  WORDPRESS_SOURCE="$WP_SRC" WP_PATH="$DOCROOT" sh "$ROOT/charts/woocommerce-store/files/install-wordpress.sh"
done
export WORDPRESS_DB_HOST="127.0.0.1:$DB_PORT" WORDPRESS_DB_NAME=wordpress WORDPRESS_DB_USER=wordpress
export WORDPRESS_DB_PASSWORD_FILE="$WORK/secrets/mariadb-password" WORDPRESS_TABLE_PREFIX=wp_
for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
  random_secret 32 >"$WORK/secrets/$key"
  export "WORDPRESS_${key}_FILE=$WORK/secrets/$key"
done
# One-click admin sign-in: the settings the chart gives WordPress (its store's name, its
# administrator, the login secret as a file); e2e/store/admin-login.spec.ts signs links with it.
random_secret 64 >"$WORK/secrets/login-secret"
export STOREFLEET_STORE=teststore STOREFLEET_ADMIN_USER=shopadmin STOREFLEET_LOGIN_SECRET_FILE="$WORK/secrets/login-secret"
# No internet here: keep WordPress and WooCommerce from waiting on outside HTTP calls.
export WORDPRESS_CONFIG_EXTRA="define('WP_HTTP_BLOCK_EXTERNAL', true); define('FS_METHOD', 'direct'); define('DISABLE_WP_CRON', true);"

# --- WooCommerce package, zipped like a wordpress.org download (cached per version) ----------
step "WooCommerce package"
WC_ZIP="$(STORE_TEST_WOOCOMMERCE_DIR="$WC_SRC" bash "$ROOT/scripts/store-test/woocommerce-zip.sh")"
WC_VERSION="$(basename "$WC_ZIP" .zip)"; WC_VERSION="${WC_VERSION#woocommerce-}"

# --- web server ------------------------------------------------------------------------------
step "web server"
WEB_PORT="$(free_port)"
export STORE_URL="http://127.0.0.1:$WEB_PORT"
PHP_CLI_SERVER_WORKERS=4 setsid php -d memory_limit=512M -S "127.0.0.1:$WEB_PORT" -t "$DOCROOT" \
  "$ROOT/scripts/store-test/router.php" >"$WORK/php-server.log" 2>&1 &
WEB_PID=$!

# --- the chart's bootstrap, twice --------------------------------------------------------------
ADMIN_PASSWORD="$(random_secret 12)"
printf '%s' "$ADMIN_PASSWORD" >"$WORK/secrets/admin-password"
export WP_PATH="$DOCROOT" WP_CLI="php -d memory_limit=512M $WPCLI_BIN"
# A hostile shop title: tenant input that wp-cli would read as its --exec flag if the bootstrap
# ever passed it as a bare argument. The checks after the runs prove it stays plain text.
HOSTILE_MARKER="$WORK/title-injection-ran"
export STORE_TITLE="--exec=file_put_contents('$HOSTILE_MARKER','owned');"
export STORE_ADMIN_USER=shopadmin STORE_ADMIN_EMAIL=owner@example.com
export STORE_ADMIN_PASSWORD_FILE="$WORK/secrets/admin-password" STORE_CURRENCY=USD
export STORE_ADDRESS_STREET="1 Market Street" STORE_ADDRESS_CITY="San Francisco" STORE_ADDRESS_POSTCODE=94105 STORE_COUNTRY=US:CA
export STORE_PRODUCTS="SF-TSHIRT|19.99|Storefleet T-Shirt
SF-MUG|9.50|Storefleet Mug"
export WOOCOMMERCE_VERSION="$WC_VERSION" WOOCOMMERCE_PACKAGE="$WC_ZIP"
# "Start with sample products": WooCommerce's own catalogue, imported once.
export STORE_SAMPLE_PRODUCTS=1

ROOT_FLAG=""
[ "$(id -u)" = 0 ] && ROOT_FLAG=" --allow-root"
# shellcheck disable=SC2086 # WP_CLI is a command line, split on purpose
log "PHP $(php -r 'echo PHP_VERSION;'), $(mariadbd --version | sed 's/^.*Ver //;s/ for .*//') (MariaDB), $($WP_CLI --version$ROOT_FLAG), WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$DOCROOT/wp-includes/version.php"), WooCommerce $WC_VERSION"
RUN_AS=()
if [ -n "${STORE_TEST_RUN_AS:-}" ] && [ "$(id -u)" = 0 ]; then
  # Everything the bootstrap touches must be reachable by that user (/root is not).
  cp "$WPCLI_BIN" "$WORK/wp" && cp "$WC_ZIP" "$WORK/woocommerce.zip" && cp "$BOOTSTRAP" "$WORK/bootstrap.sh"
  cp "$(dirname "$BOOTSTRAP")/import-sample-products.php" "$WORK/"
  mkdir -p "$WORK/home"
  chown -R "$STORE_TEST_RUN_AS:" "$DOCROOT" "$WORK/home" "$WORK/secrets"
  chmod 755 "$WORK" && chmod 644 "$WORK/wp" "$WORK/woocommerce.zip" "$WORK/bootstrap.sh" "$WORK/import-sample-products.php"
  export WP_CLI="php -d memory_limit=512M $WORK/wp" WOOCOMMERCE_PACKAGE="$WORK/woocommerce.zip" HOME="$WORK/home"
  diff -q "$BOOTSTRAP" "$WORK/bootstrap.sh" >/dev/null
  BOOTSTRAP="$WORK/bootstrap.sh"
  RUN_AS=(runuser -u "$STORE_TEST_RUN_AS" --preserve-environment --)
  log "running the bootstrap as $STORE_TEST_RUN_AS (uid $(id -u "$STORE_TEST_RUN_AS"))"
fi
step "bootstrap run 1"
log "bootstrap run 1"
"${RUN_AS[@]}" sh "$BOOTSTRAP" | tee "$WORK/bootstrap-1.log"
step "bootstrap run 2"
log "bootstrap run 2 (must change nothing)"
"${RUN_AS[@]}" sh "$BOOTSTRAP" | tee "$WORK/bootstrap-2.log"
if [ "$(tail -1 "$WORK/bootstrap-2.log")" != "bootstrap: 0 change(s)" ]; then
  log "FAILED: the second bootstrap run changed something"
  exit 1
fi
log "second run changed nothing"
if [ -e "$HOSTILE_MARKER" ]; then
  log "FAILED: the shop title was executed as PHP by wp-cli (tenant input reached a flag)"
  exit 1
fi
# WordPress keeps the title HTML-escaped (esc_html), as htmlspecialchars(ENT_QUOTES) writes it.
# shellcheck disable=SC2046,SC2086
blogname="$($WP_CLI --path="$DOCROOT" $( [ "$(id -u)" = 0 ] && echo --allow-root) option get blogname)"
# shellcheck disable=SC2016 # $argv is PHP's, in PHP code that the shell must not expand.
expected="$(php -r 'echo htmlspecialchars($argv[1], ENT_QUOTES);' -- "$STORE_TITLE")"
if [ "$blogname" != "$expected" ]; then
  log "FAILED: the shop title is '$blogname', expected '$expected'"
  exit 1
fi
log "the hostile shop title was stored as plain text and never executed"
step "sample products"
# shellcheck disable=SC2086 # WP_CLI and ROOT_FLAG are split on purpose
wp_local() { $WP_CLI --path="$DOCROOT"$ROOT_FLAG "$@"; }
for sku in woo-beanie woo-album woo-cap woo-hoodie; do
  [ -n "$(wp_local post list --post_type=product --meta_key=_sku --meta_value="$sku" --format=ids)" ] || {
    log "FAILED: the sample product $sku was not imported"
    exit 1
  }
done
if ! grep -q "sample products imported" "$WORK/bootstrap-1.log" || ! grep -q "= sample products" "$WORK/bootstrap-2.log"; then
  log "FAILED: the sample products were not imported exactly once"
  exit 1
fi
sample_count="$(wp_local post list --post_type=product --post_status=publish --format=count)"
log "sample products imported once: $sample_count published products, among them woo-beanie, woo-album, woo-cap, woo-hoodie"

# --- checkout in a browser ---------------------------------------------------------------------
export STORE_TEST_WPCLI_CMD="$WP_CLI --path=$DOCROOT$ROOT_FLAG"
export STORE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
step "checkout (wp-cli)"
log "checkout (orders checked with wp-cli) and one-click admin sign-in"
playwright store-checkout-wpcli test --config "$PW_CONFIG"
# Again as against a store in a cluster: only STORE_URL, orders checked through the Store API
# (admin sign-in needs the store's secret, so its spec skips).
step "checkout (Store API)"
log "checkout, orders checked through the Store API (STORE_URL only)"
(unset STORE_TEST_WPCLI_CMD STORE_ADMIN_PASSWORD STOREFLEET_LOGIN_SECRET_FILE; playwright store-checkout-store-api test --config "$PW_CONFIG")

# --- another store's data: a clone, or a deleted store brought back with a new Secret ------------
step "another store's data"
log "the bootstrap given another store's data (its URL, its administrator's password)"
OLD_URL="http://old-shop.stores.example.test"
printf '%s' "$OLD_URL" | wp_local option update home >/dev/null
printf '%s' "$OLD_URL" | wp_local option update siteurl >/dev/null
post="$(wp_local post create --post_title='From the old shop' --post_status=publish --porcelain \
  --post_content="<a href=\"$OLD_URL/shop/\">Shop</a> <img src=\"$OLD_URL/wp-content/uploads/logo.png\">")"
wp_local option update storefleet_test_links "{\"shop\":\"$OLD_URL/shop/\"}" --format=json >/dev/null
guid="$(wp_local post get "$post" --field=guid)"
NEW_PASSWORD="$(random_secret 12)"
printf '%s' "$NEW_PASSWORD" >"$WORK/secrets/admin-password"
# The bootstrap reads the password from the file, as in the cluster (the checkout step exported it).
unset STORE_ADMIN_PASSWORD
"${RUN_AS[@]}" sh "$BOOTSTRAP" | tee "$WORK/bootstrap-3.log"
password_works() {
  # shellcheck disable=SC2016 # PHP's $args, not the shell's
  printf '<?php echo wp_check_password($args[1], get_user_by("login", $args[0])->user_pass) ? "yes" : "no";' >"$WORK/check-password.php"
  [ "$(wp_local eval-file "$WORK/check-password.php" "$STORE_ADMIN_USER" "$1")" = yes ]
}
fail() { log "FAILED: $*"; exit 1; }
grep -q "URLs of $OLD_URL rewritten to $STORE_URL" "$WORK/bootstrap-3.log" || fail "the old URL was not rewritten"
content="$(wp_local post get "$post" --field=post_content)"
case "$content" in *"$OLD_URL"* | "") fail "the post still names the old URL: $content" ;; esac
[ "$(wp_local option pluck storefleet_test_links shop)" = "$STORE_URL/shop/" ] || fail "the serialized option was not rewritten"
[ "$(wp_local post get "$post" --field=guid)" = "$guid" ] || fail "the post's guid was rewritten"
[ "$(wp_local option get home)" = "$STORE_URL" ] || fail "home is not $STORE_URL"
password_works "$NEW_PASSWORD" || fail "the administrator's password is not the new Secret's"
password_works "$ADMIN_PASSWORD" && fail "the old password still signs in"
grep -qF "$NEW_PASSWORD" "$WORK/bootstrap-3.log" && fail "the bootstrap printed the password"
log "another store's data: $(grep -o "rewritten to [^ ]* ([0-9]*)" "$WORK/bootstrap-3.log"), guid kept, the new Secret's password set (never printed), the old one refused"
# A password the owner changes in wp-admin under the same Secret is theirs: the next run keeps it.
OWNERS_PASSWORD="$(random_secret 12)"
printf '%s\n' "$OWNERS_PASSWORD" | wp_local user update "$STORE_ADMIN_USER" --skip-email --prompt=user_pass >/dev/null
"${RUN_AS[@]}" sh "$BOOTSTRAP" | tee "$WORK/bootstrap-4.log"
[ "$(tail -1 "$WORK/bootstrap-4.log")" = "bootstrap: 0 change(s)" ] || fail "the run after the rewrite changed something"
password_works "$OWNERS_PASSWORD" || fail "the owner's own password was replaced"
log "the next run changed nothing and kept the owner's own password"
# A stored home its owner made hostile never reaches wp-cli as an argument. WordPress sanitizes
# the option when it is updated through its API, so it is written straight into the table, as a
# plugin or an SQL client could.
HOME_MARKER="$WORK/home-injection-ran"
printf '%s' "--exec=file_put_contents('$HOME_MARKER','owned');" >"$WORK/hostile-home"
# shellcheck disable=SC2016 # PHP's $wpdb and $args, not the shell's
printf '<?php global $wpdb; $wpdb->update($wpdb->options, ["option_value" => file_get_contents($args[0])], ["option_name" => "home"]);' >"$WORK/set-home.php"
wp_local eval-file "$WORK/set-home.php" "$WORK/hostile-home"
[ "$(wp_local option get home)" = "$(cat "$WORK/hostile-home")" ] || fail "the hostile home was not stored"
"${RUN_AS[@]}" sh "$BOOTSTRAP" | tee "$WORK/bootstrap-5.log"
[ -e "$HOME_MARKER" ] && fail "the stored home was executed as PHP by wp-cli"
grep -q "not a plain http(s) URL" "$WORK/bootstrap-5.log" || fail "the hostile home was not refused"
[ "$(wp_local option get home)" = "$STORE_URL" ] || fail "home is not $STORE_URL after a hostile one"
log "a hostile stored home was refused, never run, and home set back to $STORE_URL"
log "PASSED"
