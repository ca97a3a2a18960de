#!/usr/bin/env bash
# `make web`: Payband as `make serve` runs it (action server + Rasa), on WEB_HOST:WEB_PORT
# (default 127.0.0.1:5005), and the address of its chat page. Ctrl-C stops both.
set -u
export INTERFACE="${WEB_HOST:-127.0.0.1}"
export PORT="${WEB_PORT:-${PORT:-5005}}"
exec "$(dirname "$0")/serve.sh"
