-- After a miss: returns the value if another instance stored it meanwhile, otherwise tries to take the per-key
-- lease so only one instance loads. The lease expires by the server's clock (PX), never a client's.
-- KEYS[1] value   KEYS[2] lease   KEYS[3] index set of the entity (all share the entity's hash tag)
-- ARGV[1] token   ARGV[2] lease time in ms   ARGV[3] '1' to ignore the current value (it was corrupt)
-- Returns {1, value} value present | {2} lease taken, load now | {0} another instance holds the lease
if ARGV[3] ~= '1' then
  local value = redis.call('GET', KEYS[1])
  if value then
    return {1, value}
  end
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  -- Indexed too, so a group invalidation also drops the lease and fences the running load.
  local ms = tonumber(ARGV[2])
  redis.call('SADD', KEYS[3], KEYS[2])
  if redis.call('PTTL', KEYS[3]) < ms then
    redis.call('PEXPIRE', KEYS[3], ms)
  end
  return {2}
end
return {0}
