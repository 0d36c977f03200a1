#!/usr/bin/env bash
# shellcheck disable=SC1090  # sources $CACHE/ports.env
# Kafka (KRaft) run straight from Maven Central jars: no Docker needed. Each node is one JVM, both a
# controller (a voter of the metadata quorum) and a broker: one node by default, or a cluster of
# several on one machine, each with its own ports, data, logs and pid file.
#
#   deploy/kafka/kafka.sh up            start (or reuse) a broker; prints
#                                       NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=host:port
#   deploy/kafka/kafka.sh up --brokers 3
#                                       start (or reuse) a three-node cluster in a home of its own
#                                       (NEWSWIRE_KAFKA_HOME), starting whichever node is down;
#                                       prints every node's address
#   deploy/kafka/kafka.sh kill N        kill -9 node N (1, 2, ...) of the cluster
#   deploy/kafka/kafka.sh start N       start node N again; waits until the cluster counts it
#   deploy/kafka/kafka.sh down [--wipe] stop it (every node); --wipe also deletes its data
#   deploy/kafka/kafka.sh status        exit 0 if every node runs and answers requests
# Typical use: export "$(deploy/kafka/kafka.sh up)". Needs java 17+ on PATH and a
# python with kafka-python ($PYTHON, default .venv/bin/python); no Maven (jars.txt).
# A second, separate broker or cluster (the chaos suite's, which it kills and freezes):
# NEWSWIRE_KAFKA_HOME=DIR (its own data, logs and pids) and NEWSWIRE_KAFKA_PORT
# (the first port tried, default 19092); NEWSWIRE_KAFKA_LIBS reuses jars
# already fetched into another home. NEWSWIRE_KAFKA_HEAP sets each node's heap
# (default 512m for one broker, 320m a node in a cluster: about 1 GB for three).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KAFKA_VERSION=4.3.1
CACHE=${NEWSWIRE_KAFKA_HOME:-$HOME/.cache/newswire/kafka-$KAFKA_VERSION}
LIBS=${NEWSWIRE_KAFKA_LIBS:-$CACHE/libs}
PORTS=$CACHE/ports.env ENVFILE=$CACHE/bootstrap.env CLUSTER_ID=$CACHE/cluster.id
if [[ -z ${PYTHON:-} ]]; then
  if [[ -x $ROOT/.venv/bin/python ]]; then PYTHON=$ROOT/.venv/bin/python; else PYTHON=python3; fi
fi
# The home's size and ports, one per node (ports.env keeps them while the data is kept).
BROKERS=1 BROKER_PORTS=() CONTROLLER_PORTS=()

log() { echo "kafka.sh: $*" >&2; }

# Node $1's files and ports. A single broker keeps its files at the home's top level.
node() {
  local dir=$CACHE
  ((BROKERS == 1)) || dir=$CACHE/node$1
  DATA=$dir/data LOGS=$dir/logs CONF=$dir/server.properties PIDFILE=$dir/kafka.pid
  PORT=${BROKER_PORTS[$1 - 1]:-} CONTROLLER_PORT=${CONTROLLER_PORTS[$1 - 1]:-}
}

# Loads ports.env (PORT and CONTROLLER_PORT: one port, or one a node; BROKERS when more than one).
saved() {
  [[ -f $PORTS ]] || return 1
  local PORT CONTROLLER_PORT
  BROKERS=1
  source "$PORTS"
  read -ra BROKER_PORTS <<<"$PORT"
  read -ra CONTROLLER_PORTS <<<"$CONTROLLER_PORT"
}

save() {
  printf 'PORT=%q\nCONTROLLER_PORT=%q\n' "${BROKER_PORTS[*]}" "${CONTROLLER_PORTS[*]}" >"$PORTS"
  ((BROKERS == 1)) || echo "BROKERS=$BROKERS" >>"$PORTS"
}

# Running and really ours (node() chose the pid file): guards against a stale pid file whose pid was reused.
running() {
  [[ -f $PIDFILE ]] || return 1
  local pid; pid=$(<"$PIDFILE")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

live_nodes() {  # how many nodes run
  local i n=0
  for ((i = 1; i <= BROKERS; i++)); do node "$i"; if running; then n=$((n + 1)); fi; done
  echo "$n"
}

port_free() {  # SO_REUSEADDR like the JVM, so TIME_WAIT leftovers do not count as busy
  "$PYTHON" -c 'import socket as S, sys; s = S.socket(); s.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

pick_port() {  # first free port from $1 upwards, skipping those in $2 (ports already chosen)
  local p=$1
  while [[ " ${2:-} " == *" $p "* ]] || ! port_free "$p"; do
    p=$((p + 1)); (( p < $1 + 200 )) || { log "no free port near $1"; return 1; }
  done
  echo "$p"
}

fetch_jars() {
  [[ -f $LIBS/.complete ]] && return 0
  log "fetching Kafka $KAFKA_VERSION jars into $LIBS"
  rm -rf "$LIBS.tmp"
  # The jars pom.xml resolves, pinned by SHA-256 in jars.txt: no Maven needed.
  "$PYTHON" "$ROOT/deploy/maven_fetch.py" --list "$HERE/jars.txt" "$LIBS.tmp"
  rm -rf "$LIBS"; mv "$LIBS.tmp" "$LIBS"; touch "$LIBS/.complete"
}

addresses() {
  local p list=()
  for p in "${BROKER_PORTS[@]}"; do list+=("127.0.0.1:$p"); done
  (IFS=,; echo "${list[*]}")
}

# Until $2 nodes answer as unfenced brokers, at most $1 seconds.
ready() { "$PYTHON" "$HERE/wait_ready.py" "$(addresses)" --brokers "${2:-$BROKERS}" --timeout "$1"; }

show_logs() {
  log "last 40 lines of $LOGS/server.log:"
  tail -n 40 "$LOGS/server.log" >&2 2>/dev/null || true
  if [[ -s $LOGS/kafka.out ]]; then log "$LOGS/kafka.out:"; tail -n 40 "$LOGS/kafka.out" >&2; fi
}

announce() { echo "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=$(addresses)" | tee "$ENVFILE"; }

# Ports for every node. While the data is kept the saved ones are reused, so a saved bootstrap
# address stays valid. One broker may move to new ones (a sole voter rewrites its own endpoint in
# the KRaft voter set when it becomes leader); a cluster's voters are listed in every node's
# configuration, so a cluster whose saved port is taken by another program does not start.
choose_ports() {
  local i taken=''
  node 1
  if [[ -f $DATA/meta.properties ]] && saved; then
    for ((i = 1; i <= BROKERS; i++)); do
      node "$i"; running && continue
      port_free "$PORT" && port_free "$CONTROLLER_PORT" && continue
      if ((BROKERS > 1)); then
        log "node $i's port $PORT or $CONTROLLER_PORT is taken by another program; down --wipe starts afresh"
        return 1
      fi
      port_free "$PORT" || { log "saved port $PORT is busy"; BROKER_PORTS=(); }
      port_free "$CONTROLLER_PORT" || { log "saved controller port $CONTROLLER_PORT is busy"; CONTROLLER_PORTS=(); }
    done
  else
    BROKER_PORTS=() CONTROLLER_PORTS=()
  fi
  if ((${#BROKER_PORTS[@]} == 0)); then  # the brokers' ports first, the controllers' above them
    taken="${CONTROLLER_PORTS[*]}"
    for ((i = 0; i < BROKERS; i++)); do
      BROKER_PORTS+=("$(pick_port "${NEWSWIRE_KAFKA_PORT:-19092}" "$taken")"); taken+=" ${BROKER_PORTS[i]}"
    done
  fi
  if ((${#CONTROLLER_PORTS[@]} == 0)); then
    taken="${BROKER_PORTS[*]}"
    for ((i = 0; i < BROKERS; i++)); do
      CONTROLLER_PORTS+=("$(pick_port $((BROKER_PORTS[0] + 1)) "$taken")"); taken+=" ${CONTROLLER_PORTS[i]}"
    done
  fi
  save
}

# C1-only JIT and serial GC: a test broker on a small machine starts in about
# half the time; peak throughput does not matter here.
JOPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$HERE/log4j2.yaml")

# Renders node $1's configuration and formats its data folder once.
prepare() {
  node "$1"
  mkdir -p "$LOGS"
  local replicas=$((BROKERS < 3 ? BROKERS : 3)) quorum i voters=()
  local min_isr=$((replicas >= 3 ? replicas - 1 : 1))
  if ((BROKERS == 1)); then
    quorum="controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT"
  else
    for ((i = 0; i < BROKERS; i++)); do voters+=("$((i + 1))@127.0.0.1:${CONTROLLER_PORTS[i]}"); done
    quorum="controller.quorum.voters=$(IFS=,; echo "${voters[*]}")"
  fi
  sed -e "s|@NODE_ID@|$1|g" -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
      -e "s|@QUORUM@|$quorum|g" -e "s|@REPLICAS@|$replicas|g" -e "s|@MIN_ISR@|$min_isr|g" \
      -e "s|@DATA_DIR@|$DATA|g" "$HERE/server.properties.in" >"$CONF"
  [[ -f $DATA/meta.properties ]] && return 0
  local cp="$LIBS/*" cid format=() jopts=("${JOPTS[@]}" -Dkafka.logs.dir="$LOGS")
  if ((BROKERS == 1)); then
    cid=$(java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid)
    format=(--standalone)  # this node is the sole voter of the metadata quorum
  else  # every node of a cluster shares one id; the voters are in the configuration
    [[ -s $CLUSTER_ID ]] || java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid >"$CLUSTER_ID"
    cid=$(<"$CLUSTER_ID")
  fi
  log "formatting $DATA (cluster id $cid)"
  java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool format "${format[@]}" \
    -t "$cid" -c "$CONF" >&2
}

# Starts node $1 in the background; its pid goes to its pid file.
launch() {
  node "$1"
  local heap=${NEWSWIRE_KAFKA_HEAP:-$( ((BROKERS == 1)) && echo 512m || echo 320m)}
  log "starting node $1 on 127.0.0.1:$PORT (controller $CONTROLLER_PORT, heap $heap); logs in $LOGS"
  # setsid: a session of its own, so stopping the run that started it (Ctrl-C on `make test`, a
  # killed CI job's process group) leaves the broker running for the next one.
  setsid nohup java "-Xmx$heap" "${JOPTS[@]}" -Dkafka.logs.dir="$LOGS" -cp "$LIBS/*" kafka.Kafka "$CONF" \
    </dev/null >"$LOGS/kafka.out" 2>&1 9>&- &  # 9>&-: the broker must not hold the lock
  echo $! >"$PIDFILE"
}

# Waits until $1 nodes answer as unfenced brokers, but gives up at once if one of the nodes $2...
# (just launched) dies: bad config, port clash.
await() {
  local want=$1 i; shift
  "$PYTHON" "$HERE/wait_ready.py" "$(addresses)" --brokers "$want" --timeout $((60 + 60 * BROKERS)) &
  local wpid=$!  # not via ready(): $! must be python
  while kill -0 "$wpid" 2>/dev/null; do
    for i; do
      node "$i"  # kill -0, not running(): /proc/PID/cmdline reads empty while nohup execs java
      kill -0 "$(<"$PIDFILE")" 2>/dev/null || { kill "$wpid" 2>/dev/null; log "node $i exited during startup"; break 2; }
    done
    sleep 0.5
  done
  wait "$wpid" || return 1
  for i; do node "$i"; running || return 1; done
}

lock() { mkdir -p "$CACHE"; exec 9>"$CACHE/.lock"; flock 9; }  # concurrent `up`s start one broker

up() {
  local want=1 i started=()
  if [[ ${1:-} == --brokers ]]; then want=${2:?up --brokers N}; fi
  if ((want == 1)) && [[ -n ${NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS:-} ]]; then
    echo "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=$NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS"; return 0
  fi
  lock
  if saved && ((BROKERS != want)); then
    log "$CACHE holds $BROKERS broker(s), not $want: use another NEWSWIRE_KAFKA_HOME, or down --wipe first"
    return 1
  fi
  BROKERS=$want
  if saved && (($(live_nodes) == BROKERS)); then
    log "reusing $BROKERS broker(s) on $(addresses)"
    if ready 90; then announce; return 0; fi
    show_logs; return 1
  fi
  rm -f "$ENVFILE"
  fetch_jars
  choose_ports
  for ((i = 1; i <= BROKERS; i++)); do
    node "$i"; running && continue
    prepare "$i"; launch "$i"; started+=("$i")
  done
  if await "$BROKERS" "${started[@]}"; then announce; return 0; fi
  for i in "${started[@]}"; do node "$i"; show_logs; stop "$i"; done
  return 1
}

# Node $1 of a cluster, or the one broker.
index() {
  saved || { log "nothing started in $CACHE"; return 1; }
  [[ ${1:-} =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= BROKERS)) || { log "no node '${1:-}': 1 to $BROKERS"; return 1; }
}

kill9() {
  lock; index "${1:-}"; node "$1"
  running || { log "node $1 is not running"; return 1; }
  local pid; pid=$(<"$PIDFILE")
  log "kill -9 node $1 (pid $pid)"
  kill -KILL "$pid"
  while running; do sleep 0.1; done
}

start() {
  lock; index "${1:-}"; node "$1"
  if running; then log "node $1 is already running"; return 0; fi
  local others; others=$(live_nodes)
  prepare "$1"; launch "$1"
  await $((others + 1)) "$1" || { node "$1"; show_logs; return 1; }
}

stop() {  # node $1: SIGTERM, SIGKILL after 30 s
  node "$1"
  running || return 0
  local pid; pid=$(<"$PIDFILE")
  log "stopping node $1 (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "still alive after 30s, killing"; kill -KILL "$pid"; fi
  rm -f "$PIDFILE"
}

down() {
  lock
  saved || true
  local i
  if (($(live_nodes) == 0)); then log "no broker running"; fi
  # Every node at once: the last of a cluster stopped alone would wait for a quorum that is gone.
  for ((i = 1; i <= BROKERS; i++)); do stop "$i" & done
  wait
  rm -f "$ENVFILE"
  for ((i = 1; i <= BROKERS; i++)); do node "$i"; rm -f "$PIDFILE"; done
  if [[ ${1:-} == --wipe ]]; then
    log "wiping $CACHE's data"
    for ((i = 1; i <= BROKERS; i++)); do node "$i"; rm -rf "$DATA" "$CONF"; done
    rm -f "$PORTS" "$CLUSTER_ID"
  fi
}

status() {
  saved || { log "not running"; return 1; }
  local live; live=$(live_nodes)
  if ((live == 0)); then log "not running"; return 1; fi
  log "$live of $BROKERS broker(s) running on $(addresses)"
  ((live == BROKERS)) && ready 5
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  status) status ;;
  kill) kill9 "${2:-}" ;;
  start) start "${2:-}" ;;
  *) echo "usage: $0 up [--brokers N] | down [--wipe] | status | kill N | start N" >&2; exit 2 ;;
esac
