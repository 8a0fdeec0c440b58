#!/usr/bin/env bash
# Job queue: remit-redis beside Redisson's RPriorityBlockingQueue (JMH: QueueBenchmark, QueueEndToEndBenchmark) and
# BullMQ (Node.js: bullmq/bench.mjs), all against one redis-server this script starts on a free port.
#
#   remit-redis-benchmarks/run-queue-comparison.sh
#
# Needs redis-server, java, mvn, node and npm on the PATH. BullMQ is installed with npm into a temporary
# directory that is deleted at the end (nothing is written into the repository). Environment:
#   SKIP_BUILD=1    reuse remit-redis-benchmarks/target/benchmarks.jar
#   OUT=DIR         keep the JMH results there (default: the temporary directory)
#   BULLMQ=VERSION  npm version range of bullmq (default 5)
#   JMH_ARGS=...    BenchmarkMain options (default "--warmup-time=5s": 2 x 5 s before the enqueue rate is
#                   measured; 2 x 1 s left the JIT still compiling Jackson's and Lettuce's paths)
# Prints the JMH tables, then one table with the three queues side by side.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=queue-bench-common.sh
source "$ROOT/remit-redis-benchmarks/queue-bench-common.sh"
OUT="${OUT:-$WORK/jmh}"

# The same batch size for every peer: the JMH end-to-end benchmark's constant.
E2E="$HERE/src/main/java/com/globalremit/redis/bench/QueueEndToEndBenchmark.java"
JOBS="$(grep -oE ' BATCH = [0-9]+' "$E2E" | grep -oE '[0-9]+')"
# And the same untimed warm-up batches (the JVM and V8 both compile hot paths during them), plus JMH's two.
WARMUPS="$(( $(grep -oE ' WARMUP_BATCHES = [0-9]+' "$E2E" | grep -oE '[0-9]+') + 2 ))"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  (cd "$ROOT" && mvn -q -B -pl remit-redis-benchmarks -am package -DskipTests)
fi

echo "== JMH: remit-redis and Redisson"
# shellcheck disable=SC2086
REMIT_BENCH_QUEUE_REDIS="127.0.0.1:$PORT" java ${JAVA_OPTS:-} -jar "$HERE/target/benchmarks.jar" \
  --out="$OUT" --name=queue-comparison ${JMH_ARGS:---warmup-time=5s} QueueBenchmark QueueEndToEndBenchmark | tee "$WORK/jmh.log"
JMH_JSON="$(ls -t "$OUT"/queue-comparison-*.json | grep -v '\.commands\.json$' | head -1)"

echo "== BullMQ"
install_bullmq
node "$WORK/bullmq/bench.mjs" --port="$PORT" --jobs="$JOBS" --warmups="$WARMUPS" --enqueue-warmup=20000 \
  --concurrency=1,8 > "$WORK/bullmq.json"

echo
echo "== Side by side"
node "$WORK/bullmq/report.mjs" "$JMH_JSON" "$WORK/jmh.log" "$WORK/bullmq.json"
