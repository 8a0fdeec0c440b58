-- Writes only what a request changed: HSET of changed fields, HDEL of removed ones. Never recreates a session
-- that has ended meanwhile (a bare HSET would leave a partial hash without expiry).
-- KEYS[1] session hash
-- ARGV[1] expiry grace ms, ARGV[2] number of field/value pairs to set, ARGV[3] number of fields to delete,
-- ARGV[4] remember-me duration ms ('' = leave the policy alone), ARGV[5] '1' when the pairs change m:idle,
-- then the pairs, then the fields to delete. The key's expiry is recomputed only when a timeout changed: an
-- attribute write leaves it as the read-and-touch set it.
-- Returns {1, absoluteDeadline, previous user index key or ''}, {0} absent, {2} idle-expired, {3} absolute-expired.
local key = KEYS[1]
local meta = redis.call('HMGET', key, 'm:last', 'm:idle', 'm:abs', 'm:uidx')
if not meta[1] or not meta[2] or not meta[3] then
  return {0}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last, idle, absolute = tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3])
if now >= absolute then
  redis.call('DEL', key)
  return {3}
end
if now >= last + idle then
  redis.call('DEL', key)
  return {2}
end
local sets, dels = tonumber(ARGV[2]), tonumber(ARGV[3])
local i = 6
if sets > 0 then
  redis.call('HSET', key, unpack(ARGV, i, i + 2 * sets - 1))
end
i = i + 2 * sets
if dels > 0 then
  redis.call('HDEL', key, unpack(ARGV, i, i + dels - 1))
end
if ARGV[4] ~= '' then
  local rm = tonumber(ARGV[4])
  absolute = now + rm
  redis.call('HSET', key, 'm:rm', '1', 'm:idle', rm, 'm:abs', absolute)
end
if ARGV[4] ~= '' or ARGV[5] == '1' then
  idle = tonumber(redis.call('HGET', key, 'm:idle'))
  redis.call('PEXPIRE', key, math.max(1, math.min(last + idle, absolute) - now + tonumber(ARGV[1])))
end
return {1, absolute, meta[4] or ''}
