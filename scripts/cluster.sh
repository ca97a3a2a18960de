#!/usr/bin/env bash
# `make cluster`: Payband's scaled-out topology on this machine, every part on loopback:
#   PostgreSQL (tracker store)   127.0.0.1:$PG_PORT       data in $CLUSTER_DIR/pg (initdb on first run)
#   Redis (locks, Slack de-dup)  127.0.0.1:$REDIS_PORT
#   the action server            127.0.0.1:$ACTION_PORT
#   $REPLICAS Rasa servers       127.0.0.1:$RASA_BASE_PORT, +1, ...   ($SANIC_WORKERS workers each)
#   nginx                        127.0.0.1:$BALANCER_PORT  /webhooks/* over the Rasa servers
# Each part is started by scripts/run-part.sh, the Docker image's entrypoint. A part that stops
# is started again (as Kubernetes restarts a pod's container). In the foreground; Ctrl-C or
# SIGTERM stops everything it started. Safe to re-run: parts a killed run left behind are
# stopped first, and the database is kept.
set -u
source "$(dirname "$0")/common.sh"

REPLICAS="${REPLICAS:-2}"
export SANIC_WORKERS="${SANIC_WORKERS:-1}"
# The replicas share this machine's cores: one TensorFlow thread each keeps them from crowding
# each other (Rasa reads these two; set them to override).
export TF_INTRA_OP_PARALLELISM_THREADS="${TF_INTRA_OP_PARALLELISM_THREADS:-1}"
export TF_INTER_OP_PARALLELISM_THREADS="${TF_INTER_OP_PARALLELISM_THREADS:-1}"
CLUSTER_DIR="$(mkdir -p "${CLUSTER_DIR:-var/cluster}" && cd "${CLUSTER_DIR:-var/cluster}" && pwd)"
PG_PORT="${PG_PORT:-5433}"
REDIS_PORT="${REDIS_PORT:-6380}"
RASA_BASE_PORT="${RASA_BASE_PORT:-5010}"
BALANCER_PORT="${BALANCER_PORT:-8080}"
LOGS="$CLUSTER_DIR/logs"
PIDS="$CLUSTER_DIR/pids"
mkdir -p "$LOGS" "$PIDS"

die() { echo "make cluster: $*" >&2; exit 1; }
case "$REPLICAS" in '' | *[!0-9]* | 0) die "REPLICAS must be a whole number of at least 1, not '$REPLICAS'" ;; esac
pg_bin() { command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1; }
for tool in initdb pg_ctl; do [ -n "$(pg_bin $tool)" ] || die "PostgreSQL's $tool is missing: run 'make services' (as root)"; done
command -v redis-server >/dev/null || die "redis-server is missing: run 'make services' (as root)"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || die "nginx is missing: run 'make services' (as root)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# --- stopping: everything this run (or a killed earlier run) started ------------------------
stop_recorded() {
  local file pid
  for file in "$PIDS"/*.pid; do
    [ -e "$file" ] || continue
    pid="$(cat "$file")"
    # only a process of ours: after a reboot the number may belong to something else
    if ! grep -qaE 'run-part\.sh|runtime\.launch|actions\.server|redis-server|nginx' "/proc/$pid/cmdline" 2>/dev/null; then
      rm -f "$file"
      continue
    fi
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null  # the group: a worker must not outlive its server (it would hold the port)
    kill -9 "$pid" 2>/dev/null
    rm -f "$file"
  done
  if [ -f "$CLUSTER_DIR/pg/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin pg_ctl)" -D "$CLUSTER_DIR/pg/data" -m fast -w stop >/dev/null 2>&1
  fi
}
stop() {
  trap - INT TERM EXIT
  echo "make cluster: stopping"
  stop_recorded
  exit "$1"
}
stop_recorded  # a run that was killed -9 may have left parts running
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

for port in "$PG_PORT" "$REDIS_PORT" "$ACTION_PORT" "$BALANCER_PORT" $(seq "$RASA_BASE_PORT" $((RASA_BASE_PORT + REPLICAS - 1))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use; stop what uses it or choose other ports (README: Scaling out)"; fi
done

declare -A COMMANDS
start() {  # name, command...: run in the background, logging to $LOGS/name.log, pid recorded
  local name="$1"
  shift
  COMMANDS[$name]="$*"
  # a process group of its own: stopping it also stops what it forked (Sanic's workers with SANIC_WORKERS > 1)
  setsid "$@" >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}
wait_http() {  # name, url, seconds
  local pid
  pid="$(cat "$PIDS/$1.pid")"
  for _ in $(seq 1 $(($3 * 2))); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || die "$1 stopped while starting; see $LOGS/$1.log"
    sleep 0.5
  done
  die "$1 did not answer at $2 within $3 s; see $LOGS/$1.log"
}

# --- PostgreSQL --------------------------------------------------------------------------------
PG="$CLUSTER_DIR/pg"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$CLUSTER_DIR"; then
  die "PostgreSQL runs as the user postgres, which cannot enter $CLUSTER_DIR; set CLUSTER_DIR to a folder it can reach"
fi
if [ ! -f "$PG/data/PG_VERSION" ]; then
  rm -rf "$PG" && mkdir -p "$PG" && chmod 700 "$PG"
  [ "$(id -u)" = 0 ] && chown postgres "$PG"
  as_postgres "$(pg_bin initdb)" -D "$PG/data" -U payband --auth=trust >"$LOGS/initdb.log" 2>&1 || die "initdb failed; see $LOGS/initdb.log"
fi
as_postgres "$(pg_bin pg_ctl)" -D "$PG/data" -l "$PG/postgres.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG -c max_connections=200 -c synchronous_commit=off" start >/dev/null || die "PostgreSQL did not start; see $PG/postgres.log"
psql_ok() { "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U payband -d "$1" -tAc 'select 1' >/dev/null 2>&1; }
psql_ok payband || as_postgres "$(pg_bin createdb)" -h 127.0.0.1 -p "$PG_PORT" -U payband payband || die "createdb failed"
export DB_URL="postgresql://payband@127.0.0.1:$PG_PORT/payband"

# --- Redis (nothing to keep: tickets and de-dup keys expire) -----------------------------------
mkdir -p "$CLUSTER_DIR/redis"
start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$CLUSTER_DIR/redis" --protected-mode yes
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || die "Redis did not start; see $LOGS/redis.log"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

# --- the action server and the Rasa servers ----------------------------------------------------
export ACTION_SERVER_SECRET ACTION_URL="http://127.0.0.1:$ACTION_PORT/webhook"
start actions scripts/run-part.sh actions
for i in $(seq 1 "$REPLICAS"); do
  start "rasa-$i" env PORT=$((RASA_BASE_PORT + i - 1)) scripts/run-part.sh rasa
done

# --- nginx ---------------------------------------------------------------------------------------
NG="$CLUSTER_DIR/nginx"
mkdir -p "$NG/tmp" && chmod 777 "$NG/tmp"
{
  echo "worker_processes 1;"
  echo "pid $NG/nginx.pid;"
  echo "error_log $LOGS/nginx-error.log warn;"
  echo "events { worker_connections 1024; }"
  echo "http {"
  echo "  client_body_temp_path $NG/tmp/body; proxy_temp_path $NG/tmp/proxy; fastcgi_temp_path $NG/tmp/fastcgi;"
  echo "  uwsgi_temp_path $NG/tmp/uwsgi; scgi_temp_path $NG/tmp/scgi;"
  echo "  # private by design (README: Privacy): no query string, no body, no conversation id in a path"
  echo "  map \$uri \$logged_path { ~^/webhooks/privacy/conversations/ /webhooks/privacy/conversations/-; default \$uri; }"
  echo "  log_format private '\$remote_addr [\$time_local] \"\$request_method \$logged_path\" \$status \$body_bytes_sent \$request_time \$upstream_addr';"
  echo "  access_log $LOGS/nginx-access.log private;"
  echo "  upstream payband_rasa {"
  for i in $(seq 1 "$REPLICAS"); do echo "    server 127.0.0.1:$((RASA_BASE_PORT + i - 1)) max_fails=1 fail_timeout=5s;"; done
  echo "    keepalive 32;"
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$BALANCER_PORT;"
  echo "    client_max_body_size 1m;"
  echo "    proxy_http_version 1.1;"
  echo "    proxy_set_header Connection \"\";"
  echo "    proxy_set_header Host \$http_host;  # with its port: the chat page checks Origin against it"
  echo "    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
  echo "    proxy_read_timeout 120s;"
  echo "    # a replica that refuses the connection is skipped (a request already sent is never re-sent)"
  echo "    proxy_next_upstream error timeout http_502 http_503;"
  echo "    location /webhooks/ { proxy_pass http://payband_rasa; }"
  echo "    location = /health { proxy_pass http://payband_rasa/; }"
  echo "    location / { return 404; }"
  echo "  }"
  echo "}"
} >"$NG/nginx.conf"
"$NGINX" -t -q -p "$NG" -e "$LOGS/nginx-error.log" -c "$NG/nginx.conf" 2>>"$LOGS/nginx-error.log" || die "nginx rejected $NG/nginx.conf; see $LOGS/nginx-error.log"
start nginx "$NGINX" -p "$NG" -e "$LOGS/nginx-error.log" -c "$NG/nginx.conf" -g "daemon off;"

# --- ready ---------------------------------------------------------------------------------------
wait_http actions "http://127.0.0.1:$ACTION_PORT/health" 90
for i in $(seq 1 "$REPLICAS"); do wait_http "rasa-$i" "http://127.0.0.1:$((RASA_BASE_PORT + i - 1))/" 300; done
wait_http nginx "http://127.0.0.1:$BALANCER_PORT/health" 30
echo "Payband cluster is up (logs: $LOGS):"
echo "  balancer (nginx)    http://127.0.0.1:$BALANCER_PORT/webhooks/rest/webhook  (and /webhooks/slack/webhook)"
for i in $(seq 1 "$REPLICAS"); do
  echo "  Rasa server $i       http://127.0.0.1:$((RASA_BASE_PORT + i - 1))  ($SANIC_WORKERS Sanic worker(s))"
done
echo "  action server       http://127.0.0.1:$ACTION_PORT"
echo "  PostgreSQL          $DB_URL"
echo "  Redis               $REDIS_URL"
echo "Ctrl-C stops them all."
while true; do  # restart a part that stopped, as Kubernetes would
  for name in "${!COMMANDS[@]}"; do
    if ! kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
      echo "make cluster: $name stopped; starting it again (log: $LOGS/$name.log)" >&2
      # shellcheck disable=SC2086  # the recorded command is split back into its words
      start "$name" ${COMMANDS[$name]}
    fi
  done
  sleep 1 &
  wait $!
done
