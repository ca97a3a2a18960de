#!/usr/bin/env bash
# `make slack`: action server + Rasa with the Slack connector and the REST channel.
set -u
missing=()
[ -n "${SLACK_BOT_TOKEN:-}" ] || missing+=(SLACK_BOT_TOKEN)
[ -n "${SLACK_SIGNING_SECRET:-}" ] || missing+=(SLACK_SIGNING_SECRET)
if [ ${#missing[@]} -gt 0 ]; then
  echo "make slack: set ${missing[*]} (see README, 'Deploy to Slack')" >&2
  exit 2
fi
export SLACK_CHANNEL="${SLACK_CHANNEL:-}"
export SLACK_API_URL="${SLACK_API_URL:-https://slack.com/api/}"
export CREDENTIALS=credentials-slack.yml
# Slack must reach the server: listen on all interfaces unless told otherwise.
export INTERFACE="${INTERFACE:-0.0.0.0}"
exec "$(dirname "$0")/serve.sh"
