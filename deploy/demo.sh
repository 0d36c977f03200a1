#!/usr/bin/env bash
# The main job on the built-in sample articles, end to end on the broker at
# $NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS: create topics, publish, process, show the output, stop.
set -euo pipefail
PY=${PY:-python3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
run_id=demo-$(date +%s)
export NEWSWIRE_INPUT_TOPIC=$run_id.raw NEWSWIRE_OUTPUT_TOPIC=$run_id.articles
export NEWSWIRE_DLQ_TOPIC=$run_id.raw.dlq NEWSWIRE_STATE_TOPIC=$run_id.state
export NEWSWIRE_GROUP_ID=$run_id NEWSWIRE_METRICS_PORT=0
export NEWSWIRE_LOG_FORMAT=${NEWSWIRE_LOG_FORMAT:-console}
nw() { "$PY" -m newswire.cli "$@"; }

echo "== broker $NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS, run $run_id"
nw topics --partitions 3
echo "== publishing the sample articles"
nw publish "$ROOT/services/newswire/samples/articles.jsonl"
echo "== processing (exactly-once), stopping when idle"
nw run --exit-when-idle 3 2> >(grep -E "started|stopped|dead_letter|partitions_assigned" >&2)
echo "== published articles (read_committed)"
nw consume --topic "$NEWSWIRE_OUTPUT_TOPIC" --summary --timeout 3
echo "== dead letters"
nw consume --topic "$NEWSWIRE_DLQ_TOPIC" --summary --timeout 3
echo "== first article (its first 60 lines)"
nw consume --topic "$NEWSWIRE_OUTPUT_TOPIC" --max 1 --timeout 3 2>/dev/null | "$PY" -m json.tool | sed -n 1,60p  # sed reads to the end: no broken pipe
