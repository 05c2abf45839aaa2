#!/usr/bin/env bash
# Install the system packages the tests use, when they are missing: Debian's Chromium (driven by
# Playwright), a font, and PostgreSQL (the tests start a throwaway server of their own; see
# tests/postgres.py). Playwright's own browser download is not used: it needs network access
# beyond the package registries.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# nginx and sqlite3 only check the deployment guide's files (nginx -t, a backup round trip).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
# Debian keeps initdb off the PATH, in /usr/lib/postgresql/VERSION/bin.
if ! command -v initdb >/dev/null 2>&1 && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "install-system-deps: need ${missing[*]} (apt-get install ${missing[*]}) and cannot become root" >&2
  exit 1
fi

echo "Installing ${missing[*]} from Debian's packages..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
