-- Second half of an id change: writes the session under its new id with its original timing metadata, so the
-- absolute deadline moves with it.
-- KEYS[1] new session hash
-- ARGV[1] expiry grace ms, ARGV[2..] field/value pairs (including the m: metadata)
-- Returns {1, absoluteDeadline} or {0} when the new id is taken.
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then
  return {0}
end
redis.call('HSET', key, unpack(ARGV, 2, #ARGV))
local meta = redis.call('HMGET', key, 'm:last', 'm:idle', 'm:abs')
expire_at_deadline(key, now_ms(), tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3]), ARGV[1])
return {1, tonumber(meta[3])}
