# shellcheck shell=bash disable=SC2154 # sourced by build.sh: images and log come from there
# How an image's root filesystem is made from Debian's packages (sourced by build.sh; part of
# every package-based image's content hash).
MIRROR="${STOREFLEET_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm

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

