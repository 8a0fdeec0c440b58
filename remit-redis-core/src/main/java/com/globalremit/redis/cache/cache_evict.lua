-- Evicts one entry: its value and any lease (so a load in flight cannot write the old value back), removes them
-- from the entity's index and tells every instance to drop its near-cache copy, in one round trip.
-- KEYS[1] value   KEYS[2] lease   KEYS[3] index set of the entity
-- ARGV[1] invalidation channel ('' for none)   ARGV[2] message
-- Returns the number of keys deleted.
local n = redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], KEYS[1], KEYS[2])
if ARGV[1] ~= '' then
  redis.call('PUBLISH', ARGV[1], ARGV[2])
end
return n
