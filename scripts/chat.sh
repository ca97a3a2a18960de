#!/usr/bin/env bash
# Terminal chat: action server in the background, `rasa shell` in the foreground.
# Leaving the shell (/stop, Ctrl-C or Ctrl-D) stops the action server too.
set -u
source "$(dirname "$0")/common.sh"
trap 'kill "${ACTION_PID:-}" 2>/dev/null; wait 2>/dev/null' EXIT
echo "Starting Payband (loading the model takes about half a minute)..."
start_action_server
# Library warnings go to a log so the chat stays readable; shown if the shell fails.
SHELL_LOG="${SHELL_LOG:-/tmp/payband-shell-$PORT.log}"
if ! python -m runtime.launch shell --model "$MODEL" --endpoints endpoints.yml --port "$PORT" --quiet 2>"$SHELL_LOG"; then
  echo "rasa shell stopped with an error; last lines of $SHELL_LOG:" >&2
  tail -n 20 "$SHELL_LOG" >&2
  exit 1
fi
