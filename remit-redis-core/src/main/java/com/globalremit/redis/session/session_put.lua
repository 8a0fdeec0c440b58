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
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = math.min(tonumber(meta[1]) + tonumber(meta[2]), tonumber(meta[3])) - now + tonumber(ARGV[1])
redis.call('PEXPIRE', key, math.max(1, ttl))
return {1, tonumber(meta[3])}
