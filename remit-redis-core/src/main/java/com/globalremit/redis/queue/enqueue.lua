-- Enqueue: KEYS[11] job hash, KEYS[12] dedup key (optional).
-- ARGV[9] id, [10] dedupKey ("" = none), [11] type, [12] payload, [13] priority, [14] maxRetries,
--     [15] delayMs, [16] dedupTtlMs.  Reply: {1, id} created, {0, existingId} duplicate.
local id, dedup = ARGV[9], ARGV[10]
local jk = KEYS[11]
-- Without a dedup key the id is a fresh random UUID (RedisJobQueue makes a caller's job id its dedup key), so
-- only a deduplicated enqueue needs the existence checks.
if dedup ~= '' then
  local existing = redis.call('GET', KEYS[12])
  if existing then return { 0, existing } end
  if redis.call('EXISTS', jk) == 1 then return { 0, id } end
end
local now = now_ms()
local now_s = int(now)
local seq = int(redis.call('INCR', K_SEQ))
local priority, delay = ARGV[13], tonumber(ARGV[15])
local state, due = 'waiting', nil
if delay > 0 then state, due = 'delayed', int(now + delay) end
-- Only the fields that are not empty or zero: attempts and stalls start absent (read as 0), the dedup fields and
-- nextRetryAt exist only when they mean something. Fewer fields, less Redis time; the usual job (no dedup key,
-- no delay) takes one HSET with its arguments written out (no table, no unpack). retryCount stays: the fail
-- script of the previous release compares it as a number, and a rolling upgrade runs both releases at once.
redis.call('HSET', jk, 'id', id, 'type', ARGV[11], 'payload', ARGV[12], 'priority', priority,
  'maxRetries', ARGV[14], 'retryCount', '0', 'createdAt', now_s, 'seq', seq, 'state', state)
if dedup ~= '' then redis.call('HSET', jk, 'dedupKey', dedup, 'dedupTtl', ARGV[16]) end
if due then redis.call('HSET', jk, 'nextRetryAt', due) end
if dedup ~= '' then redis.call('SET', KEYS[12], id) end
if due then
  redis.call('ZADD', K_DELAYED, due, id)
  redis.call('ZADD', K_MARKER, 'LT', due, 'd')
else
  redis.call('ZADD', K_WAIT[priority], seq, id)
  signal()
end
return { 1, id }
