-- Enqueue, one round trip. Unlike the other queue scripts it runs without the shared prelude (queue_common.lua)
-- and gets only the keys and arguments it uses: an enqueue is one client's whole round trip, and the prelude with
-- the ten shared keys and eight header arguments cost about 5 of its 16 us of server time (docs/job-queue.md,
-- Benchmarks). The helpers it needs are written out below; they must match the prelude's now_ms, signal and
-- signal_due.
-- KEYS: 1 job hash, 2 the set it joins (the wait set of its priority, or the delayed set), 3 wake-up marker,
--       4 sequence counter, 5 dedup key (only with a dedup key), 6 the job id's dedup key (only with both a
--       caller's job id and a dedup key)
-- ARGV: 1 id, 2 dedupKey ("" = none), 3 type, 4 payload, 5 priority, 6 maxRetries, 7 delayMs, 8 dedupTtlMs,
--       9 dedupId (the job id when it has a dedup entry of its own besides the dedup key, else "")
-- Reply: {1, id} created, {0, existingId} duplicate.
local jk, target, marker = KEYS[1], KEYS[2], KEYS[3]
local id, dedup, dedup_id = ARGV[1], ARGV[2], ARGV[9] or ''
-- Without a dedup key the id is a fresh random UUID (RedisJobQueue makes a caller's job id its dedup key), so
-- only a deduplicated enqueue needs the existence checks. With both a job id and a dedup key, each blocks a
-- second enqueue, also after the job completed: both have an entry that outlives the job hash.
if dedup ~= '' then
  local existing = redis.call('GET', KEYS[5])
  if existing then return { 0, existing } end
  if dedup_id ~= '' then
    existing = redis.call('GET', KEYS[6])
    if existing then return { 0, existing } end
  end
  if redis.call('EXISTS', jk) == 1 then return { 0, id } end
end
-- Server time in ms; numbers go to redis.call as %d strings (Redis 7.0 formats a Lua number with "%.17g").
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local now_s = string.format('%d', now)
local seq = string.format('%d', redis.call('INCR', KEYS[4]))
local delay = tonumber(ARGV[7])
local state, due = 'waiting', nil
if delay > 0 then state, due = 'delayed', string.format('%d', now + delay) end
-- Only the fields that are not empty or zero: attempts and stalls start absent (read as 0), the dedup fields and
-- nextRetryAt exist only when they mean something. retryCount stays: the fail script of an earlier release
-- compares it as a number, and a rolling upgrade runs both releases at once.
redis.call('HSET', jk, 'id', id, 'type', ARGV[3], 'payload', ARGV[4], 'priority', ARGV[5],
  'maxRetries', ARGV[6], 'retryCount', '0', 'createdAt', now_s, 'seq', seq, 'state', state)
if dedup ~= '' then
  redis.call('HSET', jk, 'dedupKey', dedup, 'dedupTtl', ARGV[8])
  redis.call('SET', KEYS[5], id)
  if dedup_id ~= '' then
    redis.call('HSET', jk, 'dedupId', dedup_id)
    redis.call('SET', KEYS[6], id)
  end
end
if due then
  redis.call('HSET', jk, 'nextRetryAt', due)
  redis.call('ZADD', target, due, id)
  -- The idle worker that pops this fetches when it is due and learns how long to wait.
  redis.call('ZADD', marker, 'LT', due, 'd')
else
  redis.call('ZADD', target, seq, id)
  -- Wakes one idle worker (BZPOPMIN on the marker); one member, so the marker never grows.
  redis.call('ZADD', marker, '0', 'w')
end
return { 1, id }
