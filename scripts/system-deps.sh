#!/usr/bin/env bash
# Installs the Debian packages Storefleet's setup and tests need, only those that are missing:
# PostgreSQL (platform database), Chromium (Playwright), OpenSSL (local cluster certificates),
# PHP + MariaDB (the store bootstrap and checkout test against real WordPress) and, for the
# local test ground's real node, containerd, runc, the CNI plugins, iptables, ipset, conntrack,
# socat, debootstrap (the node's images), jq (image packing) and the AWS CLI (to look into the test
# ground's S3 server, scripts/kube/s3.sh); ShellCheck for the tests' lint step.
# Usage: scripts/system-deps.sh [--with-store-test] [--real-node] [--lint]
set -euo pipefail
packages=(postgresql chromium openssl)
for option in "$@"; do
  case "$option" in
    --with-store-test) packages+=(php8.2-cli php8.2-mysql php8.2-gd php8.2-curl php8.2-xml php8.2-mbstring php8.2-intl php8.2-zip mariadb-server zip) ;;
    --real-node) packages+=(containerd runc containernetworking-plugins iptables ipset conntrack socat debootstrap jq awscli) ;;
    --lint) packages+=(shellcheck) ;;
    *) echo "[system-deps] unknown option $option" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "[system-deps] installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
