#!/usr/bin/env bash
# Installs the Debian packages Storefleet's setup and tests need, only those that are missing:
# PostgreSQL (platform database), Chromium (Playwright), OpenSSL (local cluster certificates),
# and PHP + MariaDB (the store bootstrap and checkout test against real WordPress).
# Usage: scripts/system-deps.sh [--with-store-test]
set -euo pipefail
packages=(postgresql chromium openssl)
if [ "${1:-}" = "--with-store-test" ]; then
  packages+=(php8.2-cli php8.2-mysql php8.2-gd php8.2-curl php8.2-xml php8.2-mbstring php8.2-intl php8.2-zip mariadb-server zip)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "[system-deps] installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
