#!/usr/bin/env bash
# Throwaway PostgreSQL 15 + RabbitMQ 3.10 for the TaskRouting test suite.
#
#   bash scripts/services.sh install            # Debian packages, only those missing (needs root)
#   bash scripts/services.sh start              # fresh servers on loopback, writes $TR_STATE_DIR/env.sh
#   bash scripts/services.sh stop               # stops everything started by `start` (idempotent)
#   bash scripts/services.sh restart-rabbitmq   # stop + start the broker, keeping its data
#   bash scripts/services.sh restart-postgres   # stop + start the database, keeping its data
#   bash scripts/services.sh stop-rabbitmq | start-rabbitmq | stop-postgres | start-postgres
#                                               # same, in two steps (to keep a server down for a while)
#   bash scripts/services.sh status
#
# Settings (environment, defaults in brackets):
#   TR_STATE_DIR [/tmp/taskrouting-services]   all state; wiped by `start`
#   TR_PG_PORT [25432]  TR_RABBIT_PORT [25672]  TR_RABBIT_DIST_PORT [25673]
#   TR_RABBIT_MGMT_PORT [25674]  TR_EPMD_PORT [25675]
# env.sh exports these TR_* values too, so a test that sources it (or inherits its environment)
# and calls "$TASKROUTING_TEST_SERVICES_SCRIPT restart-rabbitmq" acts on the same servers.
set -euo pipefail

SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}")"

# Below Linux's ephemeral range (32768-60999 by default). A port inside it can be taken as the local port of an
# outgoing connection: while the broker is down, a client reconnecting to 127.0.0.1:P can even connect to itself
# (TCP simultaneous open) and hold P, so the broker's restart fails with eaddrinuse.
PG_PORT="${TR_PG_PORT:-25432}"
RABBIT_PORT="${TR_RABBIT_PORT:-25672}"
RABBIT_DIST_PORT="${TR_RABBIT_DIST_PORT:-25673}"
RABBIT_MGMT_PORT="${TR_RABBIT_MGMT_PORT:-25674}"
EPMD_PORT="${TR_EPMD_PORT:-25675}"
STATE_DIR="${TR_STATE_DIR:-/tmp/taskrouting-services}"

PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin
PG_DB=taskrouting
RABBIT_NODENAME=rabbit@localhost
ERLANG_COOKIE=TASKROUTINGTESTCOOKIE
MARKER_NAME=.taskrouting-services

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# settings validation and derived paths
# ---------------------------------------------------------------------------------------------
for _p in PG_PORT RABBIT_PORT RABBIT_DIST_PORT RABBIT_MGMT_PORT EPMD_PORT; do
  [[ "${!_p}" =~ ^[0-9]+$ ]] && (( ${!_p} > 0 && ${!_p} < 65536 )) || die "$_p='${!_p}' is not a TCP port"
done
if [[ "$(printf '%s\n' "$PG_PORT" "$RABBIT_PORT" "$RABBIT_DIST_PORT" "$RABBIT_MGMT_PORT" "$EPMD_PORT" | sort -u | wc -l)" -ne 5 ]]; then
  die "the five ports must differ: pg=$PG_PORT amqp=$RABBIT_PORT dist=$RABBIT_DIST_PORT mgmt=$RABBIT_MGMT_PORT epmd=$EPMD_PORT"
fi
[[ "$STATE_DIR" == /* ]] || STATE_DIR="$PWD/$STATE_DIR"
STATE_DIR="$(realpath -m "$STATE_DIR")"
[[ "$STATE_DIR" != "/" ]] || die "TR_STATE_DIR must not be /"

ENV_FILE="$STATE_DIR/env.sh"
LOCK_FILE="$STATE_DIR.lock"

PG_ROOT="$STATE_DIR/postgres"
PG_DATA="$PG_ROOT/data"
PG_SOCKET_DIR="$PG_ROOT/socket"
PG_LOG="$PG_ROOT/postgres.log"

RMQ_ROOT="$STATE_DIR/rabbitmq"
RMQ_HOME="$RMQ_ROOT/home"
RMQ_MNESIA="$RMQ_ROOT/mnesia"
RMQ_LOG_DIR="$RMQ_ROOT/log"
RMQ_CONSOLE_LOG="$RMQ_LOG_DIR/console.log"
RMQ_PID_FILE="$RMQ_ROOT/rabbitmq.pid"
RMQ_LAUNCHER_PID_FILE="$RMQ_ROOT/launcher.pid"
RMQ_CONFIG_FILE="$RMQ_ROOT/rabbitmq.conf"
RMQ_PLUGINS_FILE="$RMQ_ROOT/enabled_plugins"

now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# true when something accepts TCP connections on 127.0.0.1:$1
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pids of processes listening on TCP port $1 (any address)
listener_pids() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
  elif command -v lsof >/dev/null 2>&1; then
    lsof -t -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | sort -u
  fi
  return 0
}

describe_port_owner() {
  local pids
  pids="$(listener_pids "$1" | tr '\n' ' ')"
  if [[ -n "$pids" ]]; then
    # shellcheck disable=SC2086
    ps -o pid=,user=,args= -p ${pids} 2>/dev/null | cut -c1-200 || true
  else
    echo "(owner unknown)"
  fi
}

require_port_free() {
  local port="$1" what="$2"
  if port_open "$port"; then
    die "port $port ($what) on 127.0.0.1 is already in use by: $(describe_port_owner "$port")
  another TaskRouting test run may be using it; stop it or choose other ports (TR_*_PORT)."
  fi
}

# alive = exists and is not a zombie (PID 1 here reaps orphans lazily, and kill -0 succeeds on zombies)
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

# true while any live (non-zombie) process is left in process group $1
group_alive() {
  local pid
  for pid in $(pgrep -g "$1" 2>/dev/null); do
    pid_alive "$pid" && return 0
  done
  return 1
}

read_pid() { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }

# waits up to $2 seconds for pid $1 to exit
wait_pid_gone() {
  local pid="$1" deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# TERM, then KILL after $2 seconds (default 10)
terminate_pid() {
  local pid="$1" grace="${2:-10}"
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait_pid_gone "$pid" "$grace" && return 0
  log "pid $pid ignored SIGTERM for ${grace}s: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait_pid_gone "$pid" 5 || true
}

# The lock's fd (9) must not leak into the servers we start, or they would hold the lock forever.
acquire_lock() {
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w 600 9 || die "timed out waiting for $LOCK_FILE (another services.sh command is running)"
}

print_log_tail() {
  local f="$1" n="${2:-60}"
  if [[ -s "$f" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    tail -n "$n" "$f" >&2 || true
    printf -- '----- end of %s -----\n' "$f" >&2
  else
    printf -- '(%s is missing or empty)\n' "$f" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------
pkg_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

apt_retry() {
  local attempt
  for attempt in 1 2 3; do
    if "$@"; then return 0; fi
    log "'$*' failed (attempt $attempt of 3)"
    if (( attempt < 3 )); then
      # a previous install may have been interrupted half way
      dpkg --configure -a >&2 || true
      sleep $((attempt * 5))
    fi
  done
  return 1
}

POLICY_RC=/usr/sbin/policy-rc.d
POLICY_BACKUP=""
POLICY_INSTALLED=0

install_policy_rc() {
  if [[ -e "$POLICY_RC" || -L "$POLICY_RC" ]]; then
    POLICY_BACKUP="$(mktemp /usr/sbin/policy-rc.d.taskrouting-backup.XXXXXX)"
    cp -a "$POLICY_RC" "$POLICY_BACKUP"
  fi
  POLICY_INSTALLED=1
  printf '#!/bin/sh\n# temporary, written by TaskRouting scripts/services.sh install\nexit 101\n' >"$POLICY_RC.tmp.$$"
  chmod 755 "$POLICY_RC.tmp.$$"
  mv -f "$POLICY_RC.tmp.$$" "$POLICY_RC"
}

restore_policy_rc() {
  (( POLICY_INSTALLED )) || return 0
  if [[ -n "$POLICY_BACKUP" ]]; then
    mv -f "$POLICY_BACKUP" "$POLICY_RC"
  else
    rm -f "$POLICY_RC"
  fi
  POLICY_INSTALLED=0
}

online_pg_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1 " " $2 }' || true
}

system_rabbit_pids() {
  id rabbitmq >/dev/null 2>&1 || return 0
  pgrep -u rabbitmq 2>/dev/null || true
}

cmd_install() {
  local -a missing=()
  local p
  # fonts-noto-cjk: browser tests render Chinese pages (and screenshots) with real glyphs.
  for p in postgresql-15 rabbitmq-server docker-compose chromium fonts-liberation fonts-noto-cjk; do
    pkg_installed "$p" || missing+=("$p")
  done
  # npm installs the Elsa Studio bundle at build time; any Node.js that brings npm will do (e.g. NodeSource's).
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # pgbench ships in postgresql-15 on Debian 12; postgresql-contrib only as a fallback
  if pkg_installed postgresql-15 && [[ ! -x "$PG_BIN/pgbench" ]]; then
    missing+=(postgresql-contrib)
  fi
  if (( ${#missing[@]} == 0 )); then
    log "all packages already installed"
  else
    [[ $EUID -eq 0 ]] || die "missing packages (${missing[*]}) and not root: run 'bash $SCRIPT_PATH install' as root"
    log "installing: ${missing[*]}"
    exec 8>/var/lock/taskrouting-services-install.lock
    flock -w 900 8 || die "timed out waiting for another 'services.sh install'"

    local before_pg before_rabbit
    before_pg="$(online_pg_clusters)"
    before_rabbit="$(system_rabbit_pids)"

    trap restore_policy_rc EXIT
    trap 'exit 130' INT TERM
    install_policy_rc
    export DEBIAN_FRONTEND=noninteractive
    local -a apt_opts=(-y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)
    local rc=0
    apt_retry apt-get -q -o DPkg::Lock::Timeout=300 update || rc=$?
    if (( rc == 0 )); then
      apt_retry apt-get install "${apt_opts[@]}" "${missing[@]}" || rc=$?
    fi
    if (( rc == 0 )) && [[ ! -x "$PG_BIN/pgbench" ]]; then
      apt_retry apt-get install "${apt_opts[@]}" postgresql-contrib || rc=$?
    fi
    restore_policy_rc
    trap - EXIT INT TERM

    stop_services_started_by_packages "$before_pg" "$before_rabbit"
    (( rc == 0 )) || die "apt-get failed 3 times for: ${missing[*]}"
  fi

  local f
  for f in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/postgres" "$PG_BIN/psql" "$PG_BIN/pgbench" \
           "$RABBIT_BIN/rabbitmq-server" "$RABBIT_BIN/rabbitmqctl"; do
    [[ -x "$f" ]] || die "$f is missing after install"
  done
  command -v docker-compose >/dev/null 2>&1 || die "docker-compose is missing after install"
  command -v chromium >/dev/null 2>&1 || die "chromium is missing after install"
  log "ok: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server), docker-compose $(dpkg-query -W -f='${Version}' docker-compose), chromium $(dpkg-query -W -f='${Version}' chromium)"
}

# The packages' scripts must not leave servers on the default ports (5432, 5672, 15672, 4369).
stop_services_started_by_packages() {
  local before_pg="$1" before_rabbit="$2" cluster pid
  while read -r cluster; do
    [[ -n "$cluster" ]] || continue
    if ! grep -qxF "$cluster" <<<"$before_pg"; then
      log "package scripts started PostgreSQL cluster '$cluster': stopping it"
      # shellcheck disable=SC2086
      pg_ctlcluster $cluster stop -m fast >&2 || log "could not stop cluster $cluster"
    fi
  done < <(online_pg_clusters)
  local -a new_rabbit=()
  for pid in $(system_rabbit_pids); do
    grep -qxF "$pid" <<<"$before_rabbit" || new_rabbit+=("$pid")
  done
  if (( ${#new_rabbit[@]} > 0 )); then
    log "package scripts started processes as user rabbitmq: stopping them: $(ps -o pid=,comm= -p "$(IFS=,; echo "${new_rabbit[*]}")" 2>/dev/null | awk '{printf "%s(%s) ", $2, $1}')"
    kill -TERM "${new_rabbit[@]}" 2>/dev/null || true
    for pid in "${new_rabbit[@]}"; do terminate_pid "$pid" 15; done
  fi
  local port
  for port in 5432 5672 15672; do
    if port_open "$port"; then
      log "note: port $port is in use (not by this script's install): $(describe_port_owner "$port")"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
PG_USER_IS_SELF=0
[[ $EUID -eq 0 ]] || PG_USER_IS_SELF=1

# run a command as the PostgreSQL owner (postgres refuses to run as root); never leak the lock fd
as_pg() {
  if (( PG_USER_IS_SELF )); then
    (cd / && "$@") 9>&-
  else
    (cd / && runuser -u postgres -- "$@") 9>&-
  fi
}

# the postgres user must be able to traverse every parent of the state folder
ensure_traversable_for_postgres() {
  (( PG_USER_IS_SELF )) && return 0
  local d="$1"
  while [[ "$d" != "/" ]]; do
    d="$(dirname "$d")"
    if ! runuser -u postgres -- test -x "$d" 2>/dev/null; then
      log "giving others search permission on $d so the postgres user can reach $PG_ROOT"
      chmod o+x "$d"
    fi
  done
}

pg_running() {
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 1
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_init() {
  mkdir -p "$PG_ROOT" "$PG_SOCKET_DIR"
  if (( ! PG_USER_IS_SELF )); then
    chown postgres:postgres "$PG_ROOT" "$PG_SOCKET_DIR"
  fi
  chmod 755 "$PG_ROOT"
  chmod 775 "$PG_SOCKET_DIR"
  ensure_traversable_for_postgres "$PG_ROOT"
  local locale=C
  if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale=C.UTF-8; fi
  if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale="$locale" \
        >"$PG_ROOT/initdb.log" 2>&1; then
    print_log_tail "$PG_ROOT/initdb.log"
    die "initdb failed"
  fi
  cat >>"$PG_DATA/postgresql.conf" <<EOF

# ---- TaskRouting test server (scripts/services.sh); loopback only, trust auth ----
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 300
fsync = on
logging_collector = off
EOF
}

pg_start() {
  local t0
  t0="$(now)"
  [[ -f "$PG_DATA/PG_VERSION" ]] || die "no PostgreSQL data in $PG_DATA: run 'start' first"
  if pg_running; then
    log "PostgreSQL already running (port $PG_PORT)"
    return 0
  fi
  require_port_free "$PG_PORT" "PostgreSQL"
  rm -f "$PG_DATA/postmaster.pid"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 2>"$PG_ROOT/pg_ctl.err"; then
    cat "$PG_ROOT/pg_ctl.err" >&2 || true
    print_log_tail "$PG_LOG"
    die "PostgreSQL failed to start on 127.0.0.1:$PG_PORT"
  fi
  local i
  for i in $(seq 1 100); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -t 2 9>&- && break
    (( i < 100 )) || { print_log_tail "$PG_LOG"; die "PostgreSQL does not accept TCP connections on 127.0.0.1:$PG_PORT"; }
    sleep 0.1
  done
  log "PostgreSQL ready on 127.0.0.1:$PG_PORT in $(elapsed "$t0") s"
}

pg_stop() {
  if [[ ! -f "$PG_DATA/postmaster.pid" ]]; then
    return 0
  fi
  if pg_running; then
    local t0
    t0="$(now)"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1; then
      log "pg_ctl stop -m fast failed: trying -m immediate"
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    pg_running && die "PostgreSQL (data $PG_DATA) is still running after pg_ctl stop"
    log "PostgreSQL stopped in $(elapsed "$t0") s"
  fi
}

pg_create_database() {
  if ! "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
        -c "CREATE DATABASE $PG_DB ENCODING 'UTF8' TEMPLATE template0" 9>&- >/dev/null; then
    die "could not create database $PG_DB"
  fi
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------
# environment shared by the server and the CLI tools (node name, epmd port, HOME for the cookie)
rmq_env_vars() {
  RMQ_ENV=(
    HOME="$RMQ_HOME"
    RABBITMQ_NODENAME="$RABBIT_NODENAME"
    ERL_EPMD_ADDRESS=127.0.0.1
    ERL_EPMD_PORT="$EPMD_PORT"
    RABBITMQ_CONF_ENV_FILE="$RMQ_ROOT/rabbitmq-env.conf"
    RABBITMQ_CONFIG_FILE="$RMQ_CONFIG_FILE"
    RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_ROOT/advanced.config"
    RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_PLUGINS_FILE"
    RABBITMQ_MNESIA_BASE="$RMQ_MNESIA"
    RABBITMQ_LOG_BASE="$RMQ_LOG_DIR"
    RABBITMQ_PID_FILE="$RMQ_PID_FILE"
    ERL_CRASH_DUMP="$RMQ_LOG_DIR/erl_crash.dump"
  )
}
rmq_env_vars

rmqctl() { env "${RMQ_ENV[@]}" "$RABBIT_BIN/rabbitmqctl" "$@" 9>&-; }

rmq_server_pid() {
  local pid
  pid="$(read_pid "$RMQ_PID_FILE")"
  if pid_alive "$pid" && grep -qa beam "/proc/$pid/cmdline" 2>/dev/null; then echo "$pid"; fi
}

rmq_launcher_pid() {
  local pid
  pid="$(read_pid "$RMQ_LAUNCHER_PID_FILE")"
  if pid_alive "$pid"; then echo "$pid"; fi
}

rmq_running() { [[ -n "$(rmq_server_pid)$(rmq_launcher_pid)" ]]; }

rmq_write_config() {
  mkdir -p "$RMQ_HOME" "$RMQ_MNESIA" "$RMQ_LOG_DIR"
  if [[ ! -f "$RMQ_HOME/.erlang.cookie" ]]; then
    printf '%s' "$ERLANG_COOKIE" >"$RMQ_HOME/.erlang.cookie"
  fi
  chmod 400 "$RMQ_HOME/.erlang.cookie"
  cat >"$RMQ_CONFIG_FILE" <<EOF
# TaskRouting test broker (scripts/services.sh); loopback only
loopback_users = none
default_user = guest
default_pass = guest
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
log.console = false
log.file.level = info
EOF
  printf '[rabbitmq_management].\n' >"$RMQ_PLUGINS_FILE"
  : >"$RMQ_ROOT/rabbitmq-env.conf"
}

rmq_management_ok() {
  curl -fsS -m 5 -u guest:guest "http://127.0.0.1:$RABBIT_MGMT_PORT/api/overview" 9>&- >/dev/null 2>&1
}

rmq_fail() {
  print_log_tail "$RMQ_CONSOLE_LOG" 40
  print_log_tail "$RMQ_LOG_DIR/$RABBIT_NODENAME.log" 60
  [[ -s "$RMQ_ROOT/wait.log" ]] && print_log_tail "$RMQ_ROOT/wait.log" 20
  rmq_stop >/dev/null 2>&1 || true
  die "$1"
}

rmq_start() {
  local t0
  t0="$(now)"
  if rmq_running; then
    log "RabbitMQ already running (pid $(rmq_server_pid))"
    return 0
  fi
  require_port_free "$RABBIT_PORT" "RabbitMQ AMQP"
  require_port_free "$RABBIT_DIST_PORT" "RabbitMQ distribution"
  require_port_free "$RABBIT_MGMT_PORT" "RabbitMQ management"
  # a leftover epmd on our port is harmless and reused; anything else there is a conflict
  if port_open "$EPMD_PORT" && [[ -z "$(epmd_pids)" ]]; then
    require_port_free "$EPMD_PORT" "epmd"
  fi
  rmq_write_config
  rm -f "$RMQ_PID_FILE" "$RMQ_LAUNCHER_PID_FILE" "$RMQ_ROOT/wait.log"
  printf '\n===== %s start =====\n' "$(date -Is)" >>"$RMQ_CONSOLE_LOG"

  # setsid: own session and process group, so `stop` can end the launcher script and all its
  # children at once, and so a Ctrl-C in the calling terminal does not reach the broker.
  # (the subshell execs, so $! is the pid that becomes rabbitmq-server; its working folder is the
  # state folder, not the caller's: e.g. an erl_crash.dump must not land in the repository)
  ( cd "$RMQ_ROOT" && exec setsid env "${RMQ_ENV[@]}" \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT="$RABBIT_PORT" \
      RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      "$RABBIT_BIN/rabbitmq-server" ) </dev/null >>"$RMQ_CONSOLE_LOG" 2>&1 9>&- &
  local launcher=$!
  echo "$launcher" >"$RMQ_LAUNCHER_PID_FILE"

  # `rabbitmqctl wait` waits for the pid file and then for the node to boot; watch the launcher so
  # that a broker that dies during boot fails fast instead of after the full timeout.
  # (own process group too, so that the CLI's Erlang VM can be ended with it)
  setsid env "${RMQ_ENV[@]}" "$RABBIT_BIN/rabbitmqctl" wait --timeout 120 "$RMQ_PID_FILE" \
      </dev/null >"$RMQ_ROOT/wait.log" 2>&1 9>&- &
  local waiter=$!
  while pid_alive "$waiter"; do
    if ! pid_alive "$launcher"; then
      kill -TERM -- "-$waiter" 2>/dev/null || true
      wait "$waiter" 2>/dev/null || true
      rmq_fail "RabbitMQ exited during startup"
    fi
    sleep 0.3
  done
  if ! wait "$waiter"; then
    rmq_fail "RabbitMQ did not start within 120 s ('rabbitmqctl wait' failed)"
  fi
  local t_boot
  t_boot="$(elapsed "$t0")"

  local deadline=$((SECONDS + 60))
  until rmq_management_ok; do
    (( SECONDS < deadline )) || rmq_fail "RabbitMQ management API does not answer on http://127.0.0.1:$RABBIT_MGMT_PORT/api/overview"
    pid_alive "$launcher" || rmq_fail "RabbitMQ exited during startup"
    sleep 0.3
  done
  log "RabbitMQ ready on 127.0.0.1:$RABBIT_PORT (node up after $t_boot s, management API on :$RABBIT_MGMT_PORT after $(elapsed "$t0") s)"
}

# pids of epmd daemons listening on our epmd port (never another epmd)
epmd_pids() {
  local pid
  for pid in $(listener_pids "$EPMD_PORT"); do
    [[ "$(ps -o comm= -p "$pid" 2>/dev/null)" == epmd ]] && echo "$pid"
  done
  return 0
}

rmq_stop() {
  local t0 pid launcher did=0
  t0="$(now)"
  pid="$(rmq_server_pid)"
  launcher="$(rmq_launcher_pid)"
  if [[ -n "$pid" ]]; then
    did=1
    # with a pid file, `rabbitmqctl stop` returns once the OS process has exited
    if ! env "${RMQ_ENV[@]}" timeout 90 "$RABBIT_BIN/rabbitmqctl" stop "$RMQ_PID_FILE" \
          >"$RMQ_ROOT/stop.log" 2>&1 9>&-; then
      log "rabbitmqctl stop failed or timed out (see $RMQ_ROOT/stop.log): killing the broker"
    fi
    terminate_pid "$pid" 15
  fi
  if [[ -n "$launcher" ]]; then
    did=1
    # the launcher leads its own process group (setsid): end whatever is left of it
    if group_alive "$launcher"; then
      kill -TERM -- "-$launcher" 2>/dev/null || true
      local deadline=$((SECONDS + 15))
      while group_alive "$launcher" && (( SECONDS < deadline )); do sleep 0.2; done
      if group_alive "$launcher"; then
        log "RabbitMQ launcher group $launcher ignored SIGTERM: sending SIGKILL"
        kill -KILL -- "-$launcher" 2>/dev/null || true
      fi
    fi
    terminate_pid "$launcher" 5
  fi
  local epmd
  for epmd in $(epmd_pids); do
    did=1
    terminate_pid "$epmd" 5
  done
  rm -f "$RMQ_PID_FILE" "$RMQ_LAUNCHER_PID_FILE"
  # A start right after a stop fails with eaddrinuse while an old listener lingers: wait until the ports refuse.
  local port deadline=$((SECONDS + 30))
  for port in "$RABBIT_PORT" "$RABBIT_MGMT_PORT" "$RABBIT_DIST_PORT"; do
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  done
  if (( did )); then log "RabbitMQ stopped in $(elapsed "$t0") s"; fi
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
write_env_file() {
  local chromium=""
  chromium="$(command -v chromium 2>/dev/null || true)"
  cat >"$ENV_FILE.tmp" <<EOF
# Written by $SCRIPT_PATH start at $(date -Is). Source it: . "$ENV_FILE"
export TASKROUTING_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$PG_DB;Pooling=true'
export TASKROUTING_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:$RABBIT_PORT/'
export TASKROUTING_TEST_RABBITMQ_MANAGEMENT='http://guest:guest@127.0.0.1:$RABBIT_MGMT_PORT/'
export TASKROUTING_TEST_STATE_DIR='$STATE_DIR'
export TASKROUTING_TEST_SERVICES_SCRIPT='$SCRIPT_PATH'
export TASKROUTING_TEST_PG_BIN='$PG_BIN'
export TASKROUTING_TEST_CHROMIUM='$chromium'
# so that "\$TASKROUTING_TEST_SERVICES_SCRIPT restart-rabbitmq" (etc.) acts on these same servers
export TR_STATE_DIR='$STATE_DIR'
export TR_PG_PORT='$PG_PORT'
export TR_RABBIT_PORT='$RABBIT_PORT'
export TR_RABBIT_DIST_PORT='$RABBIT_DIST_PORT'
export TR_RABBIT_MGMT_PORT='$RABBIT_MGMT_PORT'
export TR_EPMD_PORT='$EPMD_PORT'
EOF
  mv -f "$ENV_FILE.tmp" "$ENV_FILE"
}

cmd_start() {
  local t0
  t0="$(now)"
  for f in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$RABBIT_BIN/rabbitmq-server"; do
    [[ -x "$f" ]] || die "$f is missing: run 'bash $SCRIPT_PATH install' first"
  done
  [[ $EUID -eq 0 ]] || log "not root: PostgreSQL will run as $(id -un)"
  acquire_lock
  # whatever a previous run left behind in this state folder goes first
  if [[ -d "$STATE_DIR" ]]; then
    if [[ ! -e "$STATE_DIR/$MARKER_NAME" ]] && [[ -n "$(ls -A "$STATE_DIR")" ]]; then
      die "$STATE_DIR exists, is not empty and was not created by this script: refusing to wipe it"
    fi
    rmq_stop
    pg_stop
    rm -rf "$STATE_DIR"
  fi
  mkdir -p "$STATE_DIR"
  chmod 755 "$STATE_DIR"
  touch "$STATE_DIR/$MARKER_NAME"

  # all ports first, so that a conflict leaves nothing half started
  require_port_free "$PG_PORT" "PostgreSQL"
  require_port_free "$RABBIT_PORT" "RabbitMQ AMQP"
  require_port_free "$RABBIT_DIST_PORT" "RabbitMQ distribution"
  require_port_free "$RABBIT_MGMT_PORT" "RabbitMQ management"

  # start both servers at once: the broker's boot dominates
  (
    t_pg="$(now)"
    pg_init
    pg_start
    pg_create_database
    log "PostgreSQL initdb + start + CREATE DATABASE $PG_DB took $(elapsed "$t_pg") s"
  ) 9>&- &
  local pg_job=$!
  ( rmq_start ) 9>&- &
  local rmq_job=$!
  local pg_rc=0 rmq_rc=0
  wait "$pg_job" || pg_rc=$?
  wait "$rmq_job" || rmq_rc=$?
  if (( pg_rc != 0 || rmq_rc != 0 )); then
    rmq_stop >/dev/null 2>&1 || true
    pg_stop >/dev/null 2>&1 || true
    (( pg_rc == 0 )) || die "PostgreSQL did not start (see above)"
    die "RabbitMQ did not start (see above)"
  fi
  write_env_file
  log "all services ready in $(elapsed "$t0") s; environment: . $ENV_FILE"
}

cmd_stop() {
  if [[ ! -d "$STATE_DIR" ]]; then
    log "nothing to stop ($STATE_DIR does not exist)"
    return 0
  fi
  acquire_lock
  rmq_stop
  pg_stop
  log "stopped"
}

need_state() {
  [[ -e "$STATE_DIR/$MARKER_NAME" ]] || die "$STATE_DIR holds no services: run 'start' first"
}

cmd_restart_rabbitmq() {
  need_state
  acquire_lock
  local t0
  t0="$(now)"
  rmq_stop
  rmq_start
  log "RabbitMQ restarted in $(elapsed "$t0") s"
}

cmd_restart_postgres() {
  need_state
  acquire_lock
  local t0
  t0="$(now)"
  pg_stop
  pg_start
  log "PostgreSQL restarted in $(elapsed "$t0") s"
}

cmd_status() {
  local rc=0 pid
  echo "state dir: $STATE_DIR"
  if pg_running; then
    echo "postgres:  running  127.0.0.1:$PG_PORT (data $PG_DATA, pid $(head -1 "$PG_DATA/postmaster.pid"))"
    "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -U postgres | sed 's/^/           /' || rc=1
  else
    echo "postgres:  stopped"; rc=1
  fi
  pid="$(rmq_server_pid)"
  if [[ -n "$pid" ]]; then
    echo "rabbitmq:  running  amqp 127.0.0.1:$RABBIT_PORT, management :$RABBIT_MGMT_PORT, dist :$RABBIT_DIST_PORT, epmd :$EPMD_PORT (pid $pid)"
    if rmq_management_ok; then echo "           management API answers"; else echo "           management API does NOT answer"; rc=1; fi
  elif [[ -n "$(rmq_launcher_pid)" ]]; then
    echo "rabbitmq:  starting or broken (launcher pid $(rmq_launcher_pid), no broker pid yet)"; rc=1
  else
    echo "rabbitmq:  stopped"; rc=1
  fi
  local epmds
  epmds="$(epmd_pids | tr '\n' ' ')"
  [[ -z "$epmds" ]] || echo "epmd:      pid ${epmds% } on :$EPMD_PORT"
  [[ -f "$ENV_FILE" ]] && echo "env file:  $ENV_FILE"
  return "$rc"
}

usage() {
  sed -n '2,19p' "$SCRIPT_PATH" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart-rabbitmq) cmd_restart_rabbitmq ;;
  restart-postgres) cmd_restart_postgres ;;
  stop-rabbitmq) need_state; acquire_lock; rmq_stop ;;
  start-rabbitmq) need_state; acquire_lock; rmq_start ;;
  stop-postgres) need_state; acquire_lock; pg_stop ;;
  start-postgres) need_state; acquire_lock; pg_start ;;
  status) cmd_status ;;
  -h|--help|help) usage ;;
  *) usage ;;
esac
