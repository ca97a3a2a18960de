#!/usr/bin/env bash
# Installs the services the tests and `make cluster` run on loopback, from Debian's packages
# (needs root): PostgreSQL's server, Redis and nginx; and for the chat page's browser tests,
# Chromium, its chromedriver and npm (axe-core). Does nothing for what is already there.
# Debian starts none of them here; Payband starts its own copies on its own ports.
set -euo pipefail
missing=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing: ${missing[*]}; run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
apt-get update -qq
# policy-rc.d: the packages' post-install must not start system-wide copies on the default ports
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d.payband && chmod +x /usr/sbin/policy-rc.d.payband
[ -e /usr/sbin/policy-rc.d ] || cp /usr/sbin/policy-rc.d.payband /usr/sbin/policy-rc.d
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
if cmp -s /usr/sbin/policy-rc.d /usr/sbin/policy-rc.d.payband; then rm -f /usr/sbin/policy-rc.d; fi
rm -f /usr/sbin/policy-rc.d.payband
