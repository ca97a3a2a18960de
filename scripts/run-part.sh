#!/usr/bin/env bash
# One part of Payband, in the foreground, replacing this shell (so it gets SIGTERM itself):
#   scripts/run-part.sh rasa      a Rasa server with the channels, on $PORT (default 5005)
#   scripts/run-part.sh actions   the action server, on $ACTION_PORT (default 5055)
# `make cluster` starts every replica with it, and it is the Docker image's entrypoint
# (Dockerfile, deploy/kubernetes/). Rasa and the action server must share ACTION_SERVER_SECRET.
set -u
if [ -z "${ACTION_SERVER_SECRET:-}" ]; then
  echo "scripts/run-part.sh: set ACTION_SERVER_SECRET (the same value for Rasa and the action server)" >&2
  exit 2
fi
source "$(dirname "$0")/common.sh"
export SLACK_CHANNEL="${SLACK_CHANNEL:-}"  # credentials-slack.yml names both; optional
export SLACK_API_URL="${SLACK_API_URL:-https://slack.com/api/}"
case "${1:-}" in
  rasa)
    # shellcheck disable=SC2046  # rasa_api_args is meant to split into words
    exec python -m runtime.launch run --model "$MODEL" --endpoints endpoints.yml --credentials "${CREDENTIALS:-credentials.yml}" \
      --port "$PORT" --interface "${INTERFACE:-127.0.0.1}" $(rasa_api_args) $(rasa_cors_args)
    ;;
  actions)
    python -m knowledge.check || exit 1
    exec python -m actions.server
    ;;
  *)
    echo "usage: scripts/run-part.sh rasa|actions" >&2
    exit 2
    ;;
esac
