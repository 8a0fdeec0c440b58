# Sourced by run-queue-comparison.sh and run-queue-alternating.sh: one private redis-server on a free port and
# BullMQ installed with npm, both inside a temporary directory that is removed on exit.
# After sourcing: HERE (this directory), WORK (the temporary directory), PORT (the server's port).

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d -t remit-queue-bench.XXXXXX)"
REDIS_PID=""

cleanup() {
  if [[ -n "$REDIS_PID" ]]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

PORT="$(free_port)"
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --maxmemory-policy noeviction \
  --dir "$WORK" --logfile "$WORK/redis.log" &
REDIS_PID=$!
for _ in $(seq 1 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$PORT" ping >/dev/null
echo "redis-server $(redis-cli -p "$PORT" info server | grep -oE 'redis_version:[^[:space:]]+') on port $PORT"

# Copies bench.mjs and report.mjs to $WORK/bullmq and installs bullmq@${BULLMQ:-5} beside them.
install_bullmq() {
  mkdir -p "$WORK/bullmq"
  cp "$HERE/bullmq/bench.mjs" "$HERE/bullmq/report.mjs" "$WORK/bullmq/"
  (cd "$WORK/bullmq" && npm init -y >/dev/null \
    && npm install --no-save --no-package-lock --no-audit --no-fund "bullmq@${BULLMQ:-5}" >/dev/null 2>&1)
}
