#!/usr/bin/env bash
# Terminal chat: action server in the background, `rasa shell` in the foreground.
# Leaving the shell (/stop, Ctrl-C or Ctrl-D) stops the action server too.
set -u
source "$(dirname "$0")/common.sh"
trap 'kill "${ACTION_PID:-}" 2>/dev/null; wait 2>/dev/null' EXIT
echo "Starting Payband (loading the model takes about half a minute)..."
start_action_server
rasa shell --model "$MODEL" --endpoints "$(endpoints_file)" --port "$PORT" --quiet
