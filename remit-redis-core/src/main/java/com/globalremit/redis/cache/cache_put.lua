-- Writes a cache value and records it in its entity's index set, in one step, so a group invalidation can
-- never miss an entry (no KEYS, no SCAN). With a lease token, the write only happens while that lease is still
-- ours: an invalidation that ran during the load deleted the lease, and the stale value must not come back.
-- Without a token (an explicit put), the write deletes any lease, as an eviction does: a load that read the
-- database before this update must not write its older value afterwards.
-- KEYS[1] value   KEYS[2] index set of the entity   KEYS[3] lease (all share the entity's hash tag)
-- ARGV[1] encoded value   ARGV[2] TTL in ms   ARGV[3] lease token, or '' for an unconditional write
-- ARGV[4] invalidation channel, or '' (loads do not publish: nobody can hold a copy of a missing value; explicit
--         puts replace a value others may hold, so they do)   ARGV[5] message
-- Returns 1 when written, 0 when fenced off.
if ARGV[3] ~= '' then
  if redis.call('GET', KEYS[3]) ~= ARGV[3] then
    return 0
  end
  redis.call('DEL', KEYS[3])
elseif redis.call('DEL', KEYS[3]) == 1 then
  redis.call('SREM', KEYS[2], KEYS[3])
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('SADD', KEYS[2], KEYS[1])
-- The index lives as long as its longest entry (PTTL is -1 for a fresh set: then it gets this TTL).
if redis.call('PTTL', KEYS[2]) < ttl then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
if ARGV[4] ~= '' then
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
return 1
