#!/bin/bash
# Backup Job, container "upload" (an AWS CLI image): streams the dump and the archive from their
# named pipes to the object store, then writes the manifest (what, when, sizes, checksums) last:
# a backup without its manifest is incomplete. Nothing touches the node's disk.
# Env: WORK, S3_ENDPOINT, S3_BUCKET, S3_REGION, OBJECT_PREFIX (stores/<slug>/<backup>/), STORE,
# BACKUP, WORDPRESS_VERSION, MARIADB_VERSION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
set -euo pipefail
s3() { aws --endpoint-url "$S3_ENDPOINT" --region "$S3_REGION" "$@"; }
upload() { s3 s3 cp --only-show-errors - "s3://$S3_BUCKET/${OBJECT_PREFIX}$1" <"$WORK/$1"; }
# The checksum a producer writes once its stream ended whole; none within 60 s: it failed.
checksum() {
  local deadline=$((SECONDS + 60))
  until [ -s "$WORK/$1.sha256" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "$1 ended without its checksum: its producer failed" >&2; exit 1; fi
    sleep 1
  done
  cat "$WORK/$1.sha256"
}
size() { s3 s3api head-object --bucket "$S3_BUCKET" --key "${OBJECT_PREFIX}$1" --query ContentLength --output text; }
entry() { printf '{"key":"%s","bytes":%s,"sha256":"%s"}' "${OBJECT_PREFIX}$1" "$(size "$1")" "$(checksum "$1")"; }

upload db.sql.gz
upload wp-content.tar.gz
database="$(entry db.sql.gz)"
files="$(entry wp-content.tar.gz)"
printf '{"store":"%s","backup":"%s","createdAt":"%s","versions":{"wordpress":"%s","mariadb":"%s"},"objects":{"database":%s,"files":%s}}\n' \
  "$STORE" "$BACKUP" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$WORDPRESS_VERSION" "$MARIADB_VERSION" "$database" "$files" \
  | s3 s3 cp --only-show-errors --content-type application/json - "s3://$S3_BUCKET/${OBJECT_PREFIX}manifest.json"
echo "uploaded to s3://$S3_BUCKET/$OBJECT_PREFIX"
