#!/usr/bin/env bash
# Builds the real node's container images from Debian's packages (no registry is reachable):
# `debootstrap --variant=minbase bookworm` once, then per image `apt-get install` in a chroot of
# a copy, the recipe's own files, and oci-pack.sh. Each image is cached by content: its tag ends
# with a hash of its recipe folder, the scripts that shape its content (rootfs.sh, oci-pack.sh)
# and its inputs, so a changed recipe or input builds a new image and an unchanged one is never
# rebuilt.
# Usage: build.sh <image>...   (images: the folders next to this script)
# Prints one line per image: "<name> <reference> <archive>". Needs root (chroot, mounts).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../versions.sh
source "$here/../versions.sh"
images="$STOREFLEET_CACHE/images"
log() { printf '[kube-images] %s\n' "$*" >&2; }

# The store-test sources (same defaults as scripts/store-test/run.sh).
export WP_SRC="${STORE_TEST_WORDPRESS_DIR:-$STOREFLEET_CACHE/store-test/wordpress}"
export WC_SRC="${STORE_TEST_WOOCOMMERCE_DIR:-$STOREFLEET_CACHE/store-test/woocommerce}"
export WPCLI_BIN="${STORE_TEST_WPCLI:-$STOREFLEET_CACHE/store-test/wp}"

# shellcheck source=rootfs.sh
source "$here/rootfs.sh"

# Hash of everything that decides an image's content.
image_hash() {
  local name="$1" f
  {
    # Names relative to this folder: a clone elsewhere (CI's) reuses the images built here.
    for f in "$here/rootfs.sh" "$here/oci-pack.sh" "$here/$name"/*; do echo "${f#"$here"/}"; cat "$f"; done
    echo "$SUITE"
    image_inputs
  } | sha256sum | cut -c1-12
}

build_image() {
  local name="$1"
  # Recipe interface: IMAGE_VERSION, IMAGE_PACKAGES (empty: no Debian base), IMAGE_CONFIG
  # (the OCI config object), image_rootfs <dir>; optional: image_inputs (prints what identifies
  # its inputs), image_check (fails with a reason when inputs are missing), image_preinstall
  # <dir> (before the packages).
  image_inputs() { :; }
  image_check() { :; }
  image_preinstall() { :; }
  # shellcheck source=/dev/null
  source "$here/$name/recipe.sh"
  # Explicit: this runs in a subshell whose caller tests it (`||`), where `set -e` does not stop
  # on a failure, so missing inputs would otherwise give an image without them.
  image_check || exit 1
  local hash ref archive
  hash="$(image_hash "$name")"
  ref="storefleet.local/$name:$IMAGE_VERSION-$hash"
  archive="$images/$name-$hash.tar"
  if [ ! -s "$archive" ]; then
    log "building image $ref"
    root="$(mktemp -d "$images/rootfs.XXXXXX")"
    # The root filesystem goes when this image's subshell ends, built or not (after unmounting
    # what an interrupted chroot left).
    trap 'umount "$root/dev" "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
    if [ -n "$IMAGE_PACKAGES" ]; then
      tar --numeric-owner -C "$root" -xf "$(base_tar)"
      image_preinstall "$root" >&2
      # shellcheck disable=SC2086 # a list of package names
      apt_install "$root" $IMAGE_PACKAGES >&2
    fi
    # What the recipe's commands print (a2enmod, apt) goes to stderr: stdout carries only the
    # line below, which callers read as the image list.
    image_rootfs "$root" >&2
    bash "$here/oci-pack.sh" "$root" "$archive" "$ref" "$IMAGE_CONFIG" >&2
    log "built $ref ($(du -sh "$archive" | cut -f1))"
    # Older builds of this image are never used again.
    find "$images" -maxdepth 1 -name "$name-*.tar" ! -name "$(basename "$archive")" -delete
  fi
  echo "$name $ref $archive"
}

mkdir -p "$images/base"
for image in "$@"; do
  # Each recipe in its own subshell: recipes define the same function names, and the subshell's
  # exit removes its build folder.
  (build_image "$image") || { log "image $image failed"; exit 1; }
done
