-- Reads and deletes a live session in one step: the first half of an id change (the new id's key may live on
-- another cluster node, so the copy is written by a second script). From here on the old id is dead.
-- KEYS[1] session hash
-- Returns {1, {field, value, ...}}, {0} absent, {2} idle-expired, {3} absolute-expired.
local key = KEYS[1]
local meta = redis.call('HMGET', key, 'm:last', 'm:idle', 'm:abs')
if not meta[1] or not meta[2] or not meta[3] then
  return {0}
end
local state = session_state(key, now_ms(), tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3]))
if state ~= 1 then
  return {state}
end
local fields = redis.call('HGETALL', key)
redis.call('DEL', key)
return {1, fields}
