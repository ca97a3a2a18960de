# Shared settings for Payband's scripts (sourced, not run).
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
export PATH="$PWD/.venv/bin:$PATH"
export RASA_TELEMETRY_ENABLED=false      # no network calls home
export TF_CPP_MIN_LOG_LEVEL=3            # keep TensorFlow's start-up noise out of the chat
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONWARNINGS="ignore"
export ACTION_PORT="${ACTION_PORT:-5055}"
# Where Rasa calls the action server (another host in Kubernetes: README "Scaling out").
export ACTION_URL="${ACTION_URL:-http://127.0.0.1:$ACTION_PORT/webhook}"
# Empty: one process, in-memory conversation lock. Set: the lock and Slack's de-duplication
# are shared through Redis (make cluster sets it).
export REDIS_URL="${REDIS_URL:-}"
PORT="${PORT:-5005}"
# Conversations: SQLite under var/ unless DB_URL names another database.
export TRACKER_DB="${TRACKER_DB:-$PWD/var/conversations.db}"
export DB_URL="${DB_URL:-}"
mkdir -p "$(dirname "$TRACKER_DB")"
# Rasa and the action server share a secret; a fresh one per start unless given.
export ACTION_SERVER_SECRET="${ACTION_SERVER_SECRET:-$(python -c 'import secrets; print(secrets.token_hex(16))')}"
# The Rasa HTTP API stays off unless RASA_API_TOKEN (or RASA_JWT_SECRET) is set.
rasa_api_args() {
  if [ -n "${RASA_API_TOKEN:-}" ]; then echo "--enable-api --auth-token $RASA_API_TOKEN"; fi
  if [ -n "${RASA_JWT_SECRET:-}" ]; then echo "--enable-api --jwt-secret $RASA_JWT_SECRET --jwt-method ${RASA_JWT_METHOD:-HS256}"; fi
}

# Other sites whose pages may use the chat page's endpoint (WEB_ALLOWED_ORIGINS, space- or comma-separated):
# Rasa's CORS layer answers their browsers' preflight; channels/web.py refuses every other site.
rasa_cors_args() {
  if [ -n "${WEB_ALLOWED_ORIGINS:-}" ]; then echo "--cors ${WEB_ALLOWED_ORIGINS//,/ }"; fi
}

# Start the action server in the background (after checking the data file); ACTION_PID.
launch_action_server() {
  python -m knowledge.check || exit 1
  python -m actions.server >"${ACTION_LOG:-/tmp/payband-actions-$ACTION_PORT.log}" 2>&1 &
  ACTION_PID=$!
}

# Wait until the action server answers (max 90 s).
wait_for_action_server() {
  for _ in $(seq 1 180); do
    if curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$ACTION_PID" 2>/dev/null; then
      echo "action server failed to start; see ${ACTION_LOG:-/tmp/payband-actions-$ACTION_PORT.log}" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "action server did not answer on port $ACTION_PORT within 90 s" >&2; exit 1
}

# The address people open: the interface Rasa listens on (this machine's name if that is all interfaces).
rasa_base_url() {
  local host="${INTERFACE:-127.0.0.1}"
  case "$host" in
    0.0.0.0 | :: | "") host="$(hostname)" ;;
    *:*) host="[$host]" ;;  # an IPv6 address
  esac
  echo "http://$host:$PORT"
}

# Wait until Rasa's REST webhook answers, i.e. the model is loaded (max 300 s); false if Rasa exited first.
wait_for_rasa() {
  local host="${INTERFACE:-127.0.0.1}"
  case "$host" in 0.0.0.0 | :: | "") host=127.0.0.1 ;; *:*) host="[$host]" ;; esac
  for _ in $(seq 1 600); do
    if curl -fsS "http://$host:$PORT/webhooks/rest/" >/dev/null 2>&1; then return 0; fi
    kill -0 "$RASA_PID" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

start_action_server() {
  launch_action_server
  wait_for_action_server
}

MODEL="${MODEL:-models/payband.tar.gz}"
