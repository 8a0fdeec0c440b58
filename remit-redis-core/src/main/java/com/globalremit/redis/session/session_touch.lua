-- Read-and-touch (or peek) in one round trip, with the deadlines checked against the server's clock.
-- KEYS[1] session hash
-- ARGV[1] '1' touch (lastActivity = now, expiry renewed) or '0' peek (read only), ARGV[2] expiry grace ms
-- Returns {1, now, expiresAt, absoluteDeadline, {field, value, ...}}, {0} when absent,
-- {2} idle-expired or {3} absolute-expired (the key is deleted then).
local key = KEYS[1]
local meta = redis.call('HMGET', key, 'm:last', 'm:idle', 'm:abs')
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
if ARGV[1] == '1' then
  last = now
  redis.call('HSET', key, 'm:last', now)
  -- The key lives until the nearer deadline (plus the grace that lets us tell expiry from absence).
  redis.call('PEXPIRE', key, math.min(now + idle, absolute) - now + tonumber(ARGV[2]))
end
return {1, now, math.min(last + idle, absolute), absolute, redis.call('HGETALL', key)}
