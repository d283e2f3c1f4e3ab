#!/bin/bash
# Restore Job, container "files" (the store's WordPress image): replaces wp-content on the
# store's volume, mounted at /site while WordPress is stopped, with the backup's archive. The
# archive is unpacked beside the old folder first, so a broken archive leaves the old one.
# Env: WORK.
set -euo pipefail
rm -rf /site/wp-content.restoring
mkdir /site/wp-content.restoring
tar -xz -C /site/wp-content.restoring <"$WORK/wp-content.tar.gz"
rm -rf /site/wp-content
mv /site/wp-content.restoring/wp-content /site/wp-content
rmdir /site/wp-content.restoring
echo "wp-content restored"
