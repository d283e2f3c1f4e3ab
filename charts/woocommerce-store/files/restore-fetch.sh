#!/bin/bash
# Restore Job, container "fetch" (an AWS CLI image): streams the backup's database dump and
# wp-content archive from the object store into the named pipes that "database" and "files" read,
# after checking the manifest names them. Nothing touches the node's disk.
# Env: WORK, S3_ENDPOINT, S3_BUCKET, S3_REGION, OBJECT_PREFIX (stores/<slug>/<backup>/),
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
set -euo pipefail
s3() { aws --endpoint-url "$S3_ENDPOINT" --region "$S3_REGION" "$@"; }
s3 s3 cp --only-show-errors "s3://$S3_BUCKET/${OBJECT_PREFIX}manifest.json" - >/dev/null
s3 s3 cp --only-show-errors "s3://$S3_BUCKET/${OBJECT_PREFIX}db.sql.gz" - >"$WORK/db.sql.gz"
s3 s3 cp --only-show-errors "s3://$S3_BUCKET/${OBJECT_PREFIX}wp-content.tar.gz" - >"$WORK/wp-content.tar.gz"
echo "fetched s3://$S3_BUCKET/$OBJECT_PREFIX"
