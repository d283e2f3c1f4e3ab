# WordPress on Apache with mod_php 8.2 from Debian, honouring what the chart uses of the
# official wordpress:<version>-php8.2-apache image: core in /usr/src/wordpress, DocumentRoot
# /var/www/html, `apache2-foreground`, port 80, www-data uid/gid 33, mod_rewrite with .htaccess,
# logs on stdout/stderr, runs as uid 33. Differences: docs/kube-env.md.
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
wp_version() { sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$WP_SRC/wp-includes/version.php"; }
IMAGE_PACKAGES="apache2 libapache2-mod-php8.2 php8.2-mysql php8.2-gd php8.2-curl php8.2-xml php8.2-mbstring php8.2-intl php8.2-zip php8.2-bcmath"
IMAGE_CONFIG='{"Cmd":["apache2-foreground"],"WorkingDir":"/var/www/html","ExposedPorts":{"80/tcp":{}},"StopSignal":"SIGWINCH","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}'
image_check() { [ -f "$WP_SRC/wp-includes/version.php" ] || { log "no WordPress at $WP_SRC (set STORE_TEST_WORDPRESS_DIR)"; return 1; }; }
IMAGE_VERSION="$(image_check 2>/dev/null && wp_version)-php8.2-apache"
image_inputs() { cat "$WP_SRC/wp-includes/version.php"; }
image_rootfs() {
  local root="$1"
  install -m 755 "$here/wordpress/apache2-foreground" "$root/usr/local/bin/apache2-foreground"
  install -m 644 "$here/wordpress/storefleet.conf" "$root/etc/apache2/conf-available/storefleet.conf"
  in_chroot "$root" a2enmod -q rewrite expires remoteip
  in_chroot "$root" a2enconf -q storefleet
  # Apache runs as uid 33 without root: its run, lock and log folders must be writable by it,
  # and its logs go to the container's output.
  install -d -o 33 -g 33 -m 1777 "$root/run/apache2" "$root/run/lock/apache2" "$root/var/log/apache2"
  ln -sfT /dev/stdout "$root/var/log/apache2/access.log"
  ln -sfT /dev/stderr "$root/var/log/apache2/error.log"
  ln -sfT /dev/stdout "$root/var/log/apache2/other_vhosts_access.log"
  rm -rf "$root/var/www/html" && install -d -o 33 -g 33 "$root/var/www/html"
  # The folder's content: the source may be a symbolic link to a versioned folder.
  install -d "$root/usr/src/wordpress"
  cp -a "$WP_SRC/." "$root/usr/src/wordpress/"
  chown -R 33:33 "$root/usr/src/wordpress"
}
