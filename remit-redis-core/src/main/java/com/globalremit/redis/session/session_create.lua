-- Creates a session hash, refusing an id that is already taken.
-- KEYS[1] session hash
-- ARGV[1] idle timeout ms, ARGV[2] absolute lifetime ms, ARGV[3] remember-me '1'/'0', ARGV[4] user index key or '',
-- ARGV[5] expiry grace ms, ARGV[6..] field/value pairs (already encoded by the client)
-- Returns {1, now, absoluteDeadline} or {0} when the id exists.
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then
  return {0}
end
local now = now_ms()
local idle = tonumber(ARGV[1])
local absolute = now + tonumber(ARGV[2])
local hset = { 'm:created', now, 'm:last', now, 'm:idle', idle, 'm:abs', absolute, 'm:rm', ARGV[3], 'm:uidx', ARGV[4] }
for i = 6, #ARGV do
  hset[#hset + 1] = ARGV[i]
end
redis.call('HSET', key, unpack(hset))
expire_at_deadline(key, now, now, idle, absolute, ARGV[5])
return {1, now, absolute}
