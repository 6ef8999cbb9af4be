#!/usr/bin/env bash
# The browser of the portal's end-to-end tests: Debian's Chromium (Playwright's own browser download cannot
# reach its host from our machines). Installs it with apt-get when missing, the way infra/local/infra.sh
# installs redis-server; prints its path.
set -euo pipefail

readonly CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

sudo_cmd() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "ensure-chromium: need root to install chromium (run as root, or install sudo)" >&2
    exit 1
  fi
}

if [[ ! -x $CHROMIUM ]]; then
  command -v apt-get >/dev/null 2>&1 || {
    echo "ensure-chromium: $CHROMIUM not found and apt-get is not available; set CHROMIUM_PATH" >&2
    exit 1
  }
  log="${CME_CACHE_DIR:-$HOME/.cache/cme-tracker}/chromium-install.log"
  mkdir -p -- "$(dirname -- "$log")"
  echo "ensure-chromium: installing Debian's chromium (log: $log) ..." >&2
  # A broken third-party source must not stop us: the install below says whether it matters.
  sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 ||
    echo "ensure-chromium: apt-get update failed; trying the install with the package lists there are" >&2
  sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >>"$log" 2>&1 || {
    tail -n 15 -- "$log" >&2
    exit 1
  }
fi
echo "$CHROMIUM"
