#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's pg_ctlcluster) and makes sure the role and
# database named by DATABASE_URL exist. A database on another host is left alone.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (see .env.example)}"
proto_removed="${DATABASE_URL#*://}"
credentials="${proto_removed%%@*}"
host_and_db="${proto_removed#*@}"
db_user="${credentials%%:*}"
db_password="${credentials#*:}"
db_host="${host_and_db%%[:/]*}"
db_name="${host_and_db#*/}"; db_name="${db_name%%\?*}"
case "$db_host" in
  localhost|127.0.0.1) ;;
  *) echo "[postgres] DATABASE_URL points at $db_host; not managing it" >&2; exit 0 ;;
esac
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi; }
version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $4}' | grep online >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || \
    { [ "$(id -u)" -eq 0 ] && pg_ctlcluster --skip-systemctl-redirect "$version" main start; } || \
    sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do as_postgres "pg_isready -q" && break; sleep 1; done
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$db_user'\"" | grep 1 >/dev/null || \
  as_postgres "psql -qc \"CREATE ROLE \\\"$db_user\\\" LOGIN CREATEDB PASSWORD '$db_password'\""
as_postgres "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='$db_name'\"" | grep 1 >/dev/null || \
  as_postgres "createdb -O '$db_user' '$db_name'"
