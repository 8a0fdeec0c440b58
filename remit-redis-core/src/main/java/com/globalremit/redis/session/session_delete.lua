-- Ends a session. KEYS[1] session hash; ARGV[1] (optional) the user index key the session must be filed under:
-- a session filed under another (an index entry left behind by a user id change) is then left alone.
-- Returns {deleted 0/1, user index key or ''}.
local uidx = redis.call('HGET', KEYS[1], 'm:uidx')
if ARGV[1] ~= nil and ARGV[1] ~= (uidx or '') then
  return {0, uidx or ''}
end
local deleted = redis.call('DEL', KEYS[1])
return {deleted, uidx or ''}
