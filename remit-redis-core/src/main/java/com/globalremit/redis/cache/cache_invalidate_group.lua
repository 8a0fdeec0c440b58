-- Drops everything cached for one entity: every key its index set names (values of any type, and leases, which
-- fences loads in flight), then the index, then publishes the invalidation for near caches. The members share the
-- entity's hash tag with the index, so they live on this node even on a cluster. Exact by construction: no
-- pattern is ever matched, so an id like "12*" cannot reach entity "123".
-- KEYS[1] index set   ARGV[1] invalidation channel ('' for none)   ARGV[2] message
-- Returns the number of keys deleted (index excluded).
local members = redis.call('SMEMBERS', KEYS[1])
local n = 0
for _, key in ipairs(members) do
  n = n + redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
if ARGV[1] ~= '' then
  redis.call('PUBLISH', ARGV[1], ARGV[2])
end
return n
