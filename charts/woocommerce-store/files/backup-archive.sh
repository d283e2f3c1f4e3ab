#!/bin/bash
# Backup Job, container "archive" (WordPress image): wp-content (uploads, plugins, themes) from
# the store's volume, mounted read-only at /site, as a gzip tar into the named pipe the "upload"
# container reads. The checksum file is written only when the archive is whole.
# Env: WORK (the shared emptyDir with the pipes).
set -euo pipefail
# Exit status 1 of GNU tar: a file changed while it was read (a live shop writes its logs and
# caches); the archive is complete, so only a status above 1 fails the backup. The status is
# kept in a file: tar runs in the pipeline's subshell.
{ tar --warning=no-file-changed -C /site -cz wp-content && echo 0 >"$WORK/tar.status" || echo $? >"$WORK/tar.status"; } \
  | tee "$WORK/wp-content.tar.gz" | sha256sum >"$WORK/files.sum.partial"
status="$(cat "$WORK/tar.status")"
if [ "$status" -gt 1 ]; then echo "tar failed with status $status" >&2; exit 1; fi
cut -d' ' -f1 "$WORK/files.sum.partial" >"$WORK/wp-content.tar.gz.sha256"
echo "wp-content archived"
