#!/usr/bin/env bash
# Terminal chat (`make chat`): action server + Rasa REST channel on loopback in the background,
# Payband's terminal client (channels/terminal.py) in the foreground. Leaving the chat (/stop,
# exit, Ctrl-D or Ctrl-C) stops both servers. Server output goes to logs, shown if a start fails.
#   scripts/chat.sh --rasa-shell   Rasa's own `rasa shell` instead (raw button payloads, silent on action failures)
set -u
source "$(dirname "$0")/common.sh"
ACTION_LOG="${ACTION_LOG:-/tmp/payband-actions-$ACTION_PORT.log}"
RASA_LOG="${RASA_LOG:-/tmp/payband-chat-$PORT.log}"
if [ ! -f "$MODEL" ]; then echo "no trained model at $MODEL: run \`make train\` (make chat does)" >&2; exit 1; fi

if [ "${1:-}" = "--rasa-shell" ]; then
  trap 'kill "${ACTION_PID:-}" 2>/dev/null; wait 2>/dev/null' EXIT
  echo "Starting Payband (loading the model takes about half a minute)..."
  start_action_server
  SHELL_LOG="${SHELL_LOG:-/tmp/payband-shell-$PORT.log}"
  if ! python -m runtime.launch shell --model "$MODEL" --endpoints endpoints.yml --port "$PORT" --quiet 2>"$SHELL_LOG"; then
    echo "rasa shell stopped with an error; last lines of $SHELL_LOG:" >&2
    tail -n 20 "$SHELL_LOG" >&2
    exit 1
  fi
  exit 0
fi

stop() {  # $1: exit code; before the chat started, a failure shows the servers' last log lines
  trap - INT TERM EXIT
  if [ "$1" != 0 ] && [ -z "${CHATTING:-}" ]; then
    for log in "$ACTION_LOG" "$RASA_LOG"; do
      if [ -s "$log" ]; then echo "--- last lines of $log ---" >&2; tail -n 15 "$log" >&2; fi
    done
  fi
  kill "${RASA_PID:-}" "${ACTION_PID:-}" 2>/dev/null
  wait 2>/dev/null
  exit "$1"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

# A server already on either port (`make serve`?) would answer in place of ours.
for port in "$ACTION_PORT" "$PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (is \`make serve\` running?); stop it or set PORT=... ACTION_PORT=..." >&2
    exit 1
  fi
done
: >"$ACTION_LOG"
: >"$RASA_LOG"
echo "Starting Payband (loading the model takes about half a minute)..."
launch_action_server # it starts while Rasa loads the model
python -m runtime.launch run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --port "$PORT" --interface 127.0.0.1 >"$RASA_LOG" 2>&1 &
RASA_PID=$!
wait_for_action_server
if ! wait_for_rasa; then
  echo "the Rasa server did not start or answer on port $PORT; see $RASA_LOG" >&2
  exit 1
fi
CHATTING=1
python -m channels.terminal --url "http://127.0.0.1:$PORT"
