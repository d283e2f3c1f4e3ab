# MariaDB from Debian (10.11; the chart's default is the official mariadb:11.4), honouring what
# the chart uses of the official image: docker-entrypoint.sh initialising an empty datadir from
# MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD(_FILE), MARIADB_ROOT_PASSWORD(_FILE),
# `mariadbd`, `healthcheck.sh --connect --innodb_initialized`, uid/gid 999, datadir
# /var/lib/mysql, port 3306. Differences: docs/kube-env.md.
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_VERSION="10.11"
IMAGE_PACKAGES="mariadb-server"
IMAGE_CONFIG='{"Entrypoint":["docker-entrypoint.sh"],"Cmd":["mariadbd"],"ExposedPorts":{"3306/tcp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}'
# The mysql user must be uid/gid 999 before the package would create it with another id.
image_preinstall() {
  in_chroot "$1" groupadd --system --gid 999 mysql
  in_chroot "$1" useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --shell /usr/sbin/nologin mysql
}
image_rootfs() {
  local root="$1"
  install -m 755 "$here/mariadb/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  install -m 755 "$here/mariadb/healthcheck.sh" "$root/usr/local/bin/healthcheck.sh"
  install -m 644 "$here/mariadb/storefleet.cnf" "$root/etc/mysql/mariadb.conf.d/99-storefleet.cnf"
  # Debian's package initialised a datadir at install time; the image ships an empty one.
  rm -rf "$root/var/lib/mysql"
  install -d -o 999 -g 999 -m 1777 "$root/var/lib/mysql" "$root/run/mysqld"
}
