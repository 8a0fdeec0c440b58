-- Enqueue: KEYS[11] job hash, KEYS[12] dedup key (optional).
-- ARGV[9] id, [10] dedupKey ("" = none), [11] type, [12] payload, [13] priority, [14] maxRetries,
--     [15] delayMs, [16] dedupTtlMs.  Reply: {1, id} created, {0, existingId} duplicate.
local id, dedup = ARGV[9], ARGV[10]
if dedup ~= '' then
  local existing = redis.call('GET', KEYS[12])
  if existing then return { 0, existing } end
end
local jk = KEYS[11]
if redis.call('EXISTS', jk) == 1 then return { 0, id } end
local now = now_ms()
local seq = redis.call('INCR', K_SEQ)
local priority, delay = ARGV[13], tonumber(ARGV[15])
-- The state goes into the one HSET (the hot path: one call fewer than push_wait's separate HSET).
local state, due = 'waiting', ''
if delay > 0 then state, due = 'delayed', now + delay end
redis.call('HSET', jk, 'id', id, 'type', ARGV[11], 'payload', ARGV[12], 'priority', priority,
  'retryCount', 0, 'maxRetries', ARGV[14], 'createdAt', now, 'seq', seq, 'attempts', 0, 'stalls', 0,
  'dedupKey', dedup, 'dedupTtl', ARGV[16], 'state', state, 'nextRetryAt', due)
if dedup ~= '' then redis.call('SET', KEYS[12], id) end
if delay > 0 then
  redis.call('ZADD', K_DELAYED, due, id)
  signal_due(due)
else
  redis.call('ZADD', K_WAIT[priority], seq, id)
  signal()
end
return { 1, id }
