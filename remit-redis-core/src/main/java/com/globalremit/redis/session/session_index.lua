-- A user's session index: a sorted set of session ids scored by each session's absolute deadline (a deadline
-- that never moves, unlike the idle one). Every call first drops entries past their deadline, and the key
-- itself expires with its last entry, so the index cannot grow without bound.
-- KEYS[1] user index
-- ARGV[1] expiry grace ms, then operations as triples: 'add' id deadline | 'rem' id ''
-- Returns the ids left, oldest deadline first.
local key = KEYS[1]
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. now)
for i = 2, #ARGV, 3 do
  if ARGV[i] == 'add' then
    redis.call('ZADD', key, ARGV[i + 2], ARGV[i + 1])
  elseif ARGV[i] == 'rem' then
    redis.call('ZREM', key, ARGV[i + 1])
  end
end
local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if #last == 0 then
  return {}
end
redis.call('PEXPIREAT', key, tonumber(last[2]) + tonumber(ARGV[1]))
return redis.call('ZRANGE', key, 0, -1)
