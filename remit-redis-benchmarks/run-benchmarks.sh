#!/usr/bin/env bash
# Builds remit-redis-benchmarks (and the modules it needs) and runs the JMH benchmarks.
# Results go to docs/benchmarks/: <name>-<date>.json (JMH), <name>-<date>.commands.json, README.md table.
#
#   remit-redis-benchmarks/run-benchmarks.sh                       # all benchmarks, short 2-core defaults
#   remit-redis-benchmarks/run-benchmarks.sh RawLettuce            # only those matching the regex
#   remit-redis-benchmarks/run-benchmarks.sh --iterations=5 --time=5s RawLettuce
#   remit-redis-benchmarks/run-benchmarks.sh --help
#
# SKIP_BUILD=1 reuses remit-redis-benchmarks/target/benchmarks.jar; JAVA_OPTS is passed to the runner JVM.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -q -B -pl remit-redis-benchmarks -am package -DskipTests
fi

# --out first: an --out given on the command line wins
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar remit-redis-benchmarks/target/benchmarks.jar --out="$ROOT/docs/benchmarks" "$@"
