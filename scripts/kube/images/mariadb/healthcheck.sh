#!/bin/bash
# Health check of the test MariaDB image, with the options of the official image's
# healthcheck.sh that the chart uses. Each option is one test; all given must pass.
#   --connect              the server accepts TCP connections (so not the entrypoint's
#                          temporary, networkless server of the first start)
#   --innodb_initialized   the InnoDB engine is available
# Credentials: <datadir>/.my-healthcheck.cnf, written by docker-entrypoint.sh.
set -euo pipefail
cnf=/var/lib/mysql/.my-healthcheck.cnf
[ "$#" -gt 0 ] || { echo "usage: healthcheck.sh --connect|--innodb_initialized..." >&2; exit 1; }
query() { mariadb --defaults-extra-file="$cnf" --skip-column-names --batch -e "$1"; }
for test in "$@"; do
  case "$test" in
    --connect) query 'SELECT 1' >/dev/null ;;
    --innodb_initialized)
      [ "$(query "SELECT 1 FROM information_schema.ENGINES WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT', 'ENABLED')")" = 1 ] ||
        { echo "healthcheck: InnoDB is not initialised" >&2; exit 1; } ;;
    *) echo "healthcheck: unknown test $test" >&2; exit 1 ;;
  esac
done
