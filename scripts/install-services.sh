#!/usr/bin/env bash
# Installs the PostgreSQL server the tracker-store test runs on loopback (Debian
# package; needs root). Does nothing when it is already there.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "PostgreSQL is not installed; run this script as root (or: sudo apt-get install postgresql)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
