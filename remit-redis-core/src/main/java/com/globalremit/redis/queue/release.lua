-- Release: a stopping worker hands back jobs it fetched but never started (prefetched). Each goes back to its old
-- place at the front of its priority, its attempt counter as before the fetch, with no stall counted, so the next
-- worker takes it at once instead of after the lease lapses. ARGV[9..]: id, attempt pairs.
-- Reply: how many were released (a job whose lease was already recovered, or that another attempt owns, is left).
local released = 0
for i = 9, #ARGV, 2 do
  local id, attempt = ARGV[i], ARGV[i + 1]
  local jk = job_key(id)
  local f = redis.call('HMGET', jk, 'attempts', 'state', 'priority', 'seq')
  if f[1] == attempt and f[2] == 'active' and redis.call('ZREM', K_ACTIVE, id) == 1 then
    redis.call('HSET', jk, 'attempts', int(tonumber(attempt) - 1))
    push_wait(id, jk, f[3], f[4])
    released = released + 1
  end
end
if released > 0 then signal() end
return released
