#!/bin/bash
# Backup Job, container "dump" (MariaDB image): a consistent dump of the store's database
# (one transaction, no table locks), gzip, into the named pipe the "upload" container reads.
# The checksum file is written only when the whole pipeline succeeded: "upload" waits for it.
# Env: DB_HOST, DB_NAME, DB_USER, MYSQL_PWD (read by the client, never on a command line),
# WORK (the shared emptyDir with the pipes).
set -euo pipefail
deadline=$((SECONDS + 120))
# A new pod's first connections can be refused until the network policy agent knows it.
until mariadb-admin --host="$DB_HOST" --user="$DB_USER" ping >/dev/null 2>&1; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "the database at $DB_HOST did not answer within 120 s" >&2; exit 1; fi
  sleep 2
done
mariadb-dump --host="$DB_HOST" --user="$DB_USER" --single-transaction --quick --routines --triggers \
  --no-tablespaces --databases "$DB_NAME" | gzip | tee "$WORK/db.sql.gz" | sha256sum >"$WORK/db.sum.partial"
cut -d' ' -f1 "$WORK/db.sum.partial" >"$WORK/db.sql.gz.sha256"
echo "database dumped"
