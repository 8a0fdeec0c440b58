#!/usr/bin/env bash
# Job queue, remit-redis and BullMQ in alternating rounds on one redis-server: each round runs our sequential
# enqueue and 8-thread end to end (JMH, as in run-queue-comparison.sh), then BullMQ's (bullmq/bench.mjs), so both
# peers of a round see the same machine. A companion to run-queue-comparison.sh for a machine whose speed drifts.
#
#   ROUNDS=4 remit-redis-benchmarks/run-queue-alternating.sh     (needs target/benchmarks.jar: mvn package first)
#
# Needs redis-server, java, node and npm. BullMQ is installed with npm into a temporary directory, deleted at the end.
set -euo pipefail

# shellcheck source=queue-bench-common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/queue-bench-common.sh"
ROUNDS="${ROUNDS:-4}"
install_bullmq

for r in $(seq 1 "$ROUNDS"); do
  REMIT_BENCH_QUEUE_REDIS="127.0.0.1:$PORT" java -cp "$HERE/target/benchmarks.jar" org.openjdk.jmh.Main \
    'QueueBenchmark.remitEnqueue$' 'QueueEndToEndBenchmark.remitEndToEnd$' -p workers=8 -f 1 -wi 2 -w 5s -i 3 -r 2s \
    > "$WORK/jmh.log" 2>&1
  enqueue=$(grep -E "remitEnqueue +N/A +thrpt" "$WORK/jmh.log" | awk '{print $5}')
  e2e=$(grep -E "remitEndToEnd +8 +ss" "$WORK/jmh.log" | awk '{print $5}')
  node "$WORK/bullmq/bench.mjs" --port="$PORT" --jobs=5000 --warmups=17 --enqueue-warmup=20000 --concurrency=8 \
    > "$WORK/bullmq.json" 2> "$WORK/bullmq.err"
  bull=$(node -e "const r = require('$WORK/bullmq.json'); console.log(r.enqueue.jobsPerSecond, r.endToEnd[0].jobsPerSecond)")
  echo "round $r remit enqueue=${enqueue} ops/s e2e8=$(awk "BEGIN { printf \"%d\", 1e6 / $e2e }") jobs/s ($e2e us/op)" \
    "| bullmq enqueue e2e8 = $bull | load $(cut -d' ' -f1 /proc/loadavg)"
done
