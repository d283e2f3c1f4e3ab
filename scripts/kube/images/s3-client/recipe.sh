# The store backup Job's upload container: the AWS CLI from Debian (awscli 2.9.19, bookworm) with
# what a shell upload script needs; bash, coreutils, gzip and tar are Essential packages and so
# already in the minbase root filesystem. ca-certificates for an https endpoint outside the tests.
# Runs as uid/gid 65532 with HOME=/tmp (the CLI keeps its caches under $HOME/.aws); no
# entrypoint, so a pod's `command` runs as given (`aws ...` or `bash -c ...`). The tests' server:
# scripts/kube/s3.sh; differences from an upstream image: docs/kube-env.md.
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_VERSION="2.9.19"
IMAGE_PACKAGES="awscli ca-certificates"
IMAGE_CONFIG='{"Cmd":["aws","--version"],"User":"65532:65532","WorkingDir":"/tmp","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","HOME=/tmp","AWS_PAGER=","LANG=C.UTF-8"]}'
image_rootfs() {
  local root="$1" version
  in_chroot "$root" groupadd --system --gid 65532 s3client
  in_chroot "$root" useradd --system --uid 65532 --gid 65532 --home-dir /tmp --shell /usr/sbin/nologin s3client
  # The tag promises this version: a different one (a point release in bookworm-updates) must be
  # noticed and the tag changed, not shipped under the old name.
  version="$(in_chroot "$root" aws --version | sed -n 's#^aws-cli/\([^ ]*\) .*#\1#p')"
  [ "$version" = "$IMAGE_VERSION" ] || { log "awscli is $version, the recipe says $IMAGE_VERSION"; return 1; }
}
