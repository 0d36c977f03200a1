#!/usr/bin/env bash
# shellcheck disable=SC1090  # sources $CACHE/ports.env
# Single-node Kafka broker (KRaft, broker+controller in one JVM) run straight
# from Maven Central jars: no Docker needed.
#
#   deploy/kafka/kafka.sh up            start (or reuse) a broker; prints
#                                       NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=host:port
#   deploy/kafka/kafka.sh down [--wipe] stop it; --wipe also deletes its data
#   deploy/kafka/kafka.sh status        exit 0 if our broker answers requests
# Typical use: export "$(deploy/kafka/kafka.sh up)". Needs java 17+ and mvn on
# PATH, and a python with kafka-python ($PYTHON, default .venv/bin/python).
# A second, separate broker (the chaos suite's, which it kills and freezes):
# NEWSWIRE_KAFKA_HOME=DIR (its own data, logs and pid) and NEWSWIRE_KAFKA_PORT
# (the first port tried, default 19092); NEWSWIRE_KAFKA_LIBS reuses jars
# already fetched into another home.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KAFKA_VERSION=4.3.1
CACHE=${NEWSWIRE_KAFKA_HOME:-$HOME/.cache/newswire/kafka-$KAFKA_VERSION}
LIBS=${NEWSWIRE_KAFKA_LIBS:-$CACHE/libs} DATA=$CACHE/data LOGS=$CACHE/logs
CONF=$CACHE/server.properties PIDFILE=$CACHE/kafka.pid
PORTS=$CACHE/ports.env ENVFILE=$CACHE/bootstrap.env
if [[ -z ${PYTHON:-} ]]; then
  if [[ -x $ROOT/.venv/bin/python ]]; then PYTHON=$ROOT/.venv/bin/python; else PYTHON=python3; fi
fi

log() { echo "kafka.sh: $*" >&2; }

# Running and really ours: guards against a stale pid file whose pid was reused.
running() {
  [[ -f $PIDFILE ]] || return 1
  local pid; pid=$(<"$PIDFILE")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

port_free() {  # SO_REUSEADDR like the JVM, so TIME_WAIT leftovers do not count as busy
  "$PYTHON" -c 'import socket as S, sys; s = S.socket(); s.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

pick_port() {  # first free port from $1 upwards, skipping $2
  local p=$1
  while [[ $p == "${2:-}" ]] || ! port_free "$p"; do
    p=$((p + 1)); (( p < $1 + 200 )) || { log "no free port near $1"; return 1; }
  done
  echo "$p"
}

fetch_jars() {
  [[ -f $LIBS/.complete ]] && return 0
  log "fetching Kafka $KAFKA_VERSION jars into $LIBS"
  rm -rf "$LIBS.tmp"
  mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS.tmp" >&2
  rm -rf "$LIBS"; mv "$LIBS.tmp" "$LIBS"; touch "$LIBS/.complete"
}

ready() { "$PYTHON" "$HERE/wait_ready.py" "127.0.0.1:$PORT" --timeout "$1"; }

show_logs() {
  log "last 40 lines of $LOGS/server.log:"
  tail -n 40 "$LOGS/server.log" >&2 2>/dev/null || true
  if [[ -s $LOGS/kafka.out ]]; then log "$LOGS/kafka.out:"; tail -n 40 "$LOGS/kafka.out" >&2; fi
}

announce() { echo "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$PORT" | tee "$ENVFILE"; }

up() {
  if [[ -n ${NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS:-} ]]; then
    echo "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=$NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS"; return 0
  fi
  mkdir -p "$CACHE" "$LOGS"
  exec 9>"$CACHE/.lock"; flock 9  # concurrent `up`s (parallel test jobs) start one broker
  if running; then
    source "$PORTS"
    log "reusing broker pid $(<"$PIDFILE") on port $PORT"
    if ready 90; then announce; return 0; fi
    show_logs; return 1
  fi
  rm -f "$PIDFILE" "$ENVFILE"
  fetch_jars
  # Reuse the previous ports while the data is kept, so a saved bootstrap
  # address stays valid. (A new controller port is fine too: a sole voter
  # rewrites its own endpoint in the KRaft voter set when it becomes leader.)
  PORT='' CONTROLLER_PORT=''
  if [[ -f $DATA/meta.properties && -f $PORTS ]]; then
    source "$PORTS"
    port_free "$PORT" || { log "saved port $PORT is busy"; PORT=''; }
    port_free "$CONTROLLER_PORT" || { log "saved controller port $CONTROLLER_PORT is busy"; CONTROLLER_PORT=''; }
  fi
  PORT=${PORT:-$(pick_port "${NEWSWIRE_KAFKA_PORT:-19092}")}
  CONTROLLER_PORT=${CONTROLLER_PORT:-$(pick_port $((PORT + 1)) "$PORT")}
  printf 'PORT=%s\nCONTROLLER_PORT=%s\n' "$PORT" "$CONTROLLER_PORT" >"$PORTS"
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
      -e "s|@DATA_DIR@|$DATA|g" "$HERE/server.properties.in" >"$CONF"

  # C1-only JIT and serial GC: a test broker on a small machine starts in about
  # half the time; peak throughput does not matter here.
  local cp="$LIBS/*" jopts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC
    -Dlog4j2.configurationFile="$HERE/log4j2.yaml" -Dkafka.logs.dir="$LOGS")
  if [[ ! -f $DATA/meta.properties ]]; then
    local cid; cid=$(java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid)
    log "formatting $DATA (cluster id $cid)"
    # --standalone: this node is the sole voter of the metadata quorum.
    java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool format --standalone \
      -t "$cid" -c "$CONF" >&2
  fi
  log "starting broker on 127.0.0.1:$PORT (controller $CONTROLLER_PORT); logs in $LOGS"
  # setsid: a session of its own, so stopping the run that started it (Ctrl-C on `make test`, a
  # killed CI job's process group) leaves the shared broker running for the next one.
  setsid nohup java -Xmx512m "${jopts[@]}" -cp "$cp" kafka.Kafka "$CONF" \
    </dev/null >"$LOGS/kafka.out" 2>&1 9>&- &  # 9>&-: the broker must not hold the lock
  local pid=$!; echo "$pid" >"$PIDFILE"

  # Wait for readiness, but give up at once if the JVM dies (bad config, port clash).
  "$PYTHON" "$HERE/wait_ready.py" "127.0.0.1:$PORT" --timeout 90 &  # not via ready(): $! must be python
  local wpid=$!
  while kill -0 "$wpid" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { kill "$wpid" 2>/dev/null; log "broker exited during startup"; break; }
    sleep 0.5
  done
  if wait "$wpid" && kill -0 "$pid" 2>/dev/null; then announce; return 0; fi
  show_logs
  down >/dev/null
  return 1
}

down() {
  mkdir -p "$CACHE"; exec 9>"$CACHE/.lock"; flock 9
  if running; then
    local pid; pid=$(<"$PIDFILE")
    log "stopping broker pid $pid"
    kill -TERM "$pid"
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "still alive after 30s, killing"; kill -KILL "$pid"; fi
  else
    log "no broker running"
  fi
  rm -f "$PIDFILE" "$ENVFILE"
  if [[ ${1:-} == --wipe ]]; then log "wiping $DATA"; rm -rf "$DATA" "$PORTS" "$CONF"; fi
}

status() {
  if ! running; then log "not running"; return 1; fi
  source "$PORTS"
  log "broker pid $(<"$PIDFILE") on 127.0.0.1:$PORT"
  ready 5
}

case ${1:-} in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  *) echo "usage: $0 up | down [--wipe] | status" >&2; exit 2 ;;
esac
