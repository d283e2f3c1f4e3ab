#!/bin/sh
# Puts WordPress into the web root volume: copies WordPress core from the image when the volume
# has none (a newer image never overwrites core in use; update core with wp-cli), writes the
# Apache .htaccess with WordPress's rewrite rules when there is none, and installs the chart's
# wp-config.php (which reads the WORDPRESS_* environment on every request) and the chart's
# must-use plugin for one-click admin sign-in, replacing older copies of both. POSIX sh and
# cp/sed only, so it runs in any WordPress image; idempotent.
#
#   WORDPRESS_SOURCE   WordPress core in the image (default /usr/src/wordpress)
#   WP_PATH            the web root volume (default /var/www/html)
#   WP_CONFIG_SOURCE   the chart's wp-config.php (default: next to this script)
#   MU_PLUGIN_SOURCE   the chart's storefleet-admin-login.php (default: next to this script)
set -eu
SRC="${WORDPRESS_SOURCE:-/usr/src/wordpress}"
DEST="${WP_PATH:-/var/www/html}"
CONFIG="${WP_CONFIG_SOURCE:-$(dirname "$0")/wp-config.php}"
MU_PLUGIN="${MU_PLUGIN_SOURCE:-$(dirname "$0")/storefleet-admin-login.php}"
die() { echo "install-wordpress: error: $*" >&2; exit 1; }
version() { sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$1/wp-includes/version.php"; }

if [ ! -d "$DEST" ] || [ ! -w "$DEST" ]; then die "$DEST is not a writable folder (uid $(id -u))"; fi
[ -f "$CONFIG" ] || die "no wp-config.php at $CONFIG"
[ -f "$MU_PLUGIN" ] || die "no must-use plugin at $MU_PLUGIN"
if [ -f "$DEST/wp-includes/version.php" ]; then
  echo "install-wordpress: WordPress $(version "$DEST") already in $DEST"
else
  [ -f "$SRC/wp-includes/version.php" ] || die "no WordPress core at $SRC"
  cp -R "$SRC/." "$DEST/"
  echo "install-wordpress: WordPress $(version "$DEST") copied into $DEST"
fi
if [ ! -e "$DEST/.htaccess" ]; then
  cat >"$DEST/.htaccess" <<'HTACCESS'
# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
RewriteBase /
RewriteRule ^index\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
HTACCESS
  echo "install-wordpress: .htaccess written"
fi
# A fresh copy replaces the old one whole (its mode comes from the read-only ConfigMap file, so
# it is made writable for the next start's replacement, readable by the web server's uid only).
cp "$CONFIG" "$DEST/wp-config.php.new"
chmod 0640 "$DEST/wp-config.php.new"
mv -f "$DEST/wp-config.php.new" "$DEST/wp-config.php"
echo "install-wordpress: wp-config.php installed"
mkdir -p "$DEST/wp-content/mu-plugins"
cp "$MU_PLUGIN" "$DEST/wp-content/mu-plugins/storefleet-admin-login.php.new"
chmod 0644 "$DEST/wp-content/mu-plugins/storefleet-admin-login.php.new"
mv -f "$DEST/wp-content/mu-plugins/storefleet-admin-login.php.new" "$DEST/wp-content/mu-plugins/storefleet-admin-login.php"
echo "install-wordpress: admin sign-in plugin installed"
