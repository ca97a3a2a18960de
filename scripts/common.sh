# Shared settings for Payband's scripts (sourced, not run).
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
export PATH="$PWD/.venv/bin:$PATH"
export RASA_TELEMETRY_ENABLED=false      # no network calls home
export TF_CPP_MIN_LOG_LEVEL=3            # keep TensorFlow's start-up noise out of the chat
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONWARNINGS="ignore"
ACTION_PORT="${ACTION_PORT:-5055}"
PORT="${PORT:-5005}"

# endpoints.yml points at 5055; another ACTION_PORT gets a generated copy.
endpoints_file() {
  if [ "$ACTION_PORT" = 5055 ]; then echo endpoints.yml; return; fi
  local file
  file="$(mktemp -t payband-endpoints.XXXXXX.yml)"
  sed "s/127.0.0.1:5055/127.0.0.1:$ACTION_PORT/" endpoints.yml > "$file"
  echo "$file"
}

# Start the action server in the background and wait until it answers (max 90 s).
start_action_server() {
  python -m knowledge.check || exit 1
  rasa run actions --actions actions --port "$ACTION_PORT" >"${ACTION_LOG:-/tmp/payband-actions-$ACTION_PORT.log}" 2>&1 &
  ACTION_PID=$!
  for _ in $(seq 1 180); do
    if curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$ACTION_PID" 2>/dev/null; then
      echo "action server failed to start; see ${ACTION_LOG:-/tmp/payband-actions-$ACTION_PORT.log}" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "action server did not answer on port $ACTION_PORT within 90 s" >&2; exit 1
}

MODEL="${MODEL:-models/payband.tar.gz}"
