#!/bin/bash
# Restore Job, container "database" (the store's MariaDB image): replays the backup's dump into
# the store's database. The dump drops and re-creates each table it holds, so the database ends
# as it was at the backup (tables added since stay, unread by the restored WordPress).
# Env: DB_HOST, DB_NAME, DB_USER, MYSQL_PWD (read by the client, never on a command line), WORK.
set -euo pipefail
deadline=$((SECONDS + 120))
# A new pod's first connections can be refused until the network policy agent knows it.
until mariadb-admin --host="$DB_HOST" --user="$DB_USER" ping >/dev/null 2>&1; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "the database at $DB_HOST did not answer within 120 s" >&2; exit 1; fi
  sleep 2
done
gunzip <"$WORK/db.sql.gz" | mariadb --host="$DB_HOST" --user="$DB_USER" "$DB_NAME"
echo "database restored"
