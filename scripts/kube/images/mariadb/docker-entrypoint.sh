#!/bin/bash
# Entrypoint of the test MariaDB image, written after the official mariadb image's documented
# behaviour: arguments starting with "-" are options for mariadbd; when the command is mariadbd
# and the datadir is empty, a database is initialised from the environment first:
#   MARIADB_ROOT_PASSWORD[_FILE]   root password (root@localhost and root@MARIADB_ROOT_HOST)
#   MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD   instead of a password
#   MARIADB_ROOT_HOST              default '%'
#   MARIADB_DATABASE               database to create
#   MARIADB_USER, MARIADB_PASSWORD[_FILE]   user with all privileges on that database
#   MARIADB_AUTO_UPGRADE           run mariadb-upgrade when the datadir is of another version
# A `healthcheck` user with a random password is written to <datadir>/.my-healthcheck.cnf for
# healthcheck.sh. Started as root, it continues as the mysql user (uid 999).
set -euo pipefail

log() { echo "$(date -u +'%F %T') [Entrypoint]: $*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# file_env VAR: VAR from the environment or from the file named by VAR_FILE, never both.
file_env() {
  local var="$1" file="${1}_FILE"
  [ -n "${!var:-}" ] && [ -n "${!file:-}" ] && die "both $var and $file are set"
  if [ -n "${!file:-}" ]; then
    printf -v "$var" '%s' "$(<"${!file}")"
  fi
  export "${var}=${!var:-}"
}

# sql_string VALUE: VALUE as a single-quoted SQL string literal.
sql_string() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\\\'}"; }

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

temp_server_start() {
  mariadbd --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM \
    --loose-innodb_buffer_pool_load_at_startup=0 &
  TEMP_PID=$!
  # ping answers "alive" without credentials.
  for _ in $(seq 60); do
    mariadb-admin --socket="$SOCKET" ping >/dev/null 2>&1 && return 0
    kill -0 "$TEMP_PID" 2>/dev/null || die "the temporary server exited during start"
    sleep 1
  done
  die "the temporary server did not start in 60 s"
}

# SIGTERM is mariadbd's clean shutdown.
temp_server_stop() {
  kill "$TEMP_PID"
  wait "$TEMP_PID" || true
}

init_database() {
  file_env MARIADB_ROOT_PASSWORD
  file_env MARIADB_PASSWORD
  local root_host="${MARIADB_ROOT_HOST:-%}"
  if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" ] && [ -z "${MARIADB_RANDOM_ROOT_PASSWORD:-}" ]; then
    die "the database is uninitialised and no root password option is given: set one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD"
  fi
  if [ -n "${MARIADB_RANDOM_ROOT_PASSWORD:-}" ]; then
    MARIADB_ROOT_PASSWORD="$(head -c 24 /dev/urandom | base64)"
    log "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
  fi
  log "initialising database files in $DATADIR"
  mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal \
    --skip-test-db --default-time-zone=SYSTEM --skip-log-bin >/dev/null
  temp_server_start
  local health_password
  health_password="$(head -c 24 /dev/urandom | base64)"
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    # mariadb-install-db also made root@<build host name>: only localhost and ROOT_HOST remain.
    echo "DROP USER IF EXISTS root@'127.0.0.1', root@'::1', root@$(sql_string "$(hostname)");"
    echo "ALTER USER root@localhost IDENTIFIED BY $(sql_string "$MARIADB_ROOT_PASSWORD");"
    if [ "$root_host" != localhost ]; then
      echo "CREATE USER root@$(sql_string "$root_host") IDENTIFIED BY $(sql_string "$MARIADB_ROOT_PASSWORD");"
      echo "GRANT ALL ON *.* TO root@$(sql_string "$root_host") WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'%' TO root@$(sql_string "$root_host") WITH GRANT OPTION;"
    fi
    for host in 127.0.0.1 ::1 localhost; do
      echo "CREATE USER healthcheck@'$host' IDENTIFIED BY $(sql_string "$health_password");"
    done
    if [ -n "${MARIADB_DATABASE:-}" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;"
    fi
    if [ -n "${MARIADB_USER:-}" ] && [ -n "$MARIADB_PASSWORD" ]; then
      echo "CREATE USER $(sql_string "$MARIADB_USER")@'%' IDENTIFIED BY $(sql_string "$MARIADB_PASSWORD");"
      [ -n "${MARIADB_DATABASE:-}" ] && echo "GRANT ALL ON \`${MARIADB_DATABASE}\`.* TO $(sql_string "$MARIADB_USER")@'%';"
    fi
  } | mariadb --socket="$SOCKET" -uroot --binary-mode
  printf '[mariadb-client]\nport=3306\nhost=127.0.0.1\nprotocol=tcp\nuser=healthcheck\npassword=%s\n' \
    "$health_password" >"$DATADIR/.my-healthcheck.cnf"
  chmod 600 "$DATADIR/.my-healthcheck.cnf"
  temp_server_stop
  log "database initialised"
}

# The datadir records the server version that last upgraded it (mysql_upgrade_info).
upgrade_if_needed() {
  local info="$DATADIR/mysql_upgrade_info" version
  version="$(mariadbd --version | sed -n 's/.*Ver \([^ ]*\).*/\1/p')"
  [ -f "$info" ] && [ "$(tr -d '\0' <"$info")" = "$version" ] && return 0
  [ -n "${MARIADB_AUTO_UPGRADE:-}" ] || { log "datadir is not of $version; set MARIADB_AUTO_UPGRADE to upgrade it"; return 0; }
  log "upgrading the datadir to $version"
  file_env MARIADB_ROOT_PASSWORD
  temp_server_start
  mariadb-upgrade --socket="$SOCKET" --protocol=socket --user=root --password="$MARIADB_ROOT_PASSWORD" >/dev/null
  temp_server_stop
}

if [ "${1:0:1}" = - ]; then set -- mariadbd "$@"; fi
if [ "$1" = mariadbd ] || [ "$1" = mysqld ]; then
  if [ "$(id -u)" = 0 ]; then
    exec setpriv --reuid=999 --regid=999 --init-groups "$0" "$@"
  fi
  if [ -d "$DATADIR/mysql" ]; then upgrade_if_needed; else init_database; fi
fi
exec "$@"
