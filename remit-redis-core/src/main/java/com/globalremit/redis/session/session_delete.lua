-- Ends a session. KEYS[1] session hash. Returns {deleted 0/1, user index key or ''}.
local uidx = redis.call('HGET', KEYS[1], 'm:uidx')
local deleted = redis.call('DEL', KEYS[1])
return {deleted, uidx or ''}
