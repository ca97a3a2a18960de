#!/usr/bin/env bash
# Action server + Rasa server with the REST channel and the chat page on $INTERFACE:$PORT
# (default 127.0.0.1:5005), in the foreground. Prints both addresses once Rasa answers.
# Ctrl-C or SIGTERM stops both; no process is left behind.
set -u
source "$(dirname "$0")/common.sh"
stop() {  # $1: exit code (0 for Ctrl-C/SIGTERM, the failing code otherwise)
  trap - INT TERM EXIT
  kill "${RASA_PID:-}" "${ACTION_PID:-}" 2>/dev/null
  wait 2>/dev/null
  exit "$1"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT
launch_action_server  # it starts while Rasa loads the model
python -m runtime.launch run --model "$MODEL" --endpoints endpoints.yml --credentials "${CREDENTIALS:-credentials.yml}" \
  --port "$PORT" --interface "${INTERFACE:-127.0.0.1}" $(rasa_api_args) $(rasa_cors_args) &
RASA_PID=$!
wait_for_action_server
echo "Payband is loading its model (about a minute on a first start)..."
if wait_for_rasa; then
  echo "Payband REST channel: POST $(rasa_base_url)/webhooks/rest/webhook"
  echo "Payband chat page:    $(rasa_base_url)/webhooks/web/   (Ctrl-C stops)"
fi
wait "$RASA_PID"
