-- Writes only what a request changed (after its read-and-touch, which already renewed the key's expiry: it is
-- recomputed here only when a timeout changed). Never recreates a session that has ended meanwhile (a bare
-- HSET would leave a partial hash without expiry).
-- KEYS[1] session hash
-- ARGV[1] expiry grace ms, ARGV[2..] the changes (layout: apply_changes in session_common.lua)
-- Returns {1, absoluteDeadline, previous user index key or ''}, {0} absent, {2} idle-expired, {3} absolute-expired.
local key = KEYS[1]
local meta = redis.call('HMGET', key, 'm:last', 'm:idle', 'm:abs', 'm:uidx')
if not meta[1] or not meta[2] or not meta[3] then
  return {0}
end
local now = now_ms()
local last, idle, absolute = tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3])
local state = session_state(key, now, last, idle, absolute)
if state ~= 1 then
  return {state}
end
local timing
idle, absolute, timing = apply_changes(key, 2, now, idle, absolute, {})
if timing then
  expire_at_deadline(key, now, last, idle, absolute, ARGV[1])
end
return {1, absolute, meta[4] or ''}
