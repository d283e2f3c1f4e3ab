#!/usr/bin/env bash
# Builds the real node's container images from Debian's packages (no registry is reachable):
# `debootstrap --variant=minbase bookworm` once, then per image `apt-get install` in a chroot of
# a copy, the recipe's own files, and oci-pack.sh. Each image is cached by content: its tag ends
# with a hash of its recipe folder, these scripts and its inputs, so a changed recipe or input
# builds a new image and an unchanged one is never rebuilt.
# Usage: build.sh <image>...   (images: the folders next to this script)
# Prints one line per image: "<name> <reference> <archive>". Needs root (chroot, mounts).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../versions.sh
source "$here/../versions.sh"
images="$STOREFLEET_CACHE/images"
MIRROR="${STOREFLEET_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
log() { printf '[kube-images] %s\n' "$*" >&2; }

# The store-test sources (same defaults as scripts/store-test/run.sh).
export WP_SRC="${STORE_TEST_WORDPRESS_DIR:-$STOREFLEET_CACHE/store-test/wordpress}"
export WC_SRC="${STORE_TEST_WOOCOMMERCE_DIR:-$STOREFLEET_CACHE/store-test/woocommerce}"
export WPCLI_BIN="${STORE_TEST_WPCLI:-$STOREFLEET_CACHE/store-test/wp}"

# The minbase root filesystem all package-based images start from, cached as a tarball.
base_tar() {
  local tar="$images/base/$SUITE-minbase.tar"
  if [ ! -s "$tar" ]; then
    log "debootstrap --variant=minbase $SUITE (once)"
    local dir; dir="$(mktemp -d "$images/base.XXXXXX")"
    debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >"$images/base/debootstrap.log" 2>&1 ||
      { tail -20 "$images/base/debootstrap.log" >&2; rm -rf "$dir"; return 1; }
    mkdir -p "$images/base"
    tar --numeric-owner -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$dir"
  fi
  echo "$tar"
}

# in_chroot <rootfs> <command...>: runs with /proc and /dev bound, and unmounts them after.
in_chroot() {
  local root="$1"; shift
  mount -t proc proc "$root/proc"
  mount --bind /dev "$root/dev"
  local rc=0
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@" || rc=$?
  umount "$root/dev" "$root/proc"
  return "$rc"
}

# apt_install <rootfs> <package...>: with security updates, without recommends, no daemon
# started (policy-rc.d), apt lists and caches removed afterwards.
apt_install() {
  local root="$1"; shift
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s-security %s-security main\n' \
    "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" "${MIRROR%/debian}/debian" "$SUITE" >"$root/etc/apt/sources.list"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  in_chroot "$root" apt-get update -qq
  in_chroot "$root" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  in_chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
  : >"$root/etc/resolv.conf"
}

# Hash of everything that decides an image's content.
image_hash() {
  local name="$1" f
  {
    for f in "$here/build.sh" "$here/oci-pack.sh" "$here/$name"/*; do echo "$f"; cat "$f"; done
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
  image_check
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
      image_preinstall "$root"
      # shellcheck disable=SC2086 # a list of package names
      apt_install "$root" $IMAGE_PACKAGES
    fi
    image_rootfs "$root"
    bash "$here/oci-pack.sh" "$root" "$archive" "$ref" "$IMAGE_CONFIG"
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
