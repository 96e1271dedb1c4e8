#!/usr/bin/env bash
# Installs the Debian packages the build (and, with "test", the tests) need.
# As root it installs them; otherwise it prints the exact command and fails.
set -euo pipefail
packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = "test" ]; then
    packages+=(poppler-utils chromium)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with:  sudo sh -c '$command'" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
