-- Renews the leases of all jobs one worker runs, in one round trip. ARGV[9] leaseMs, then id, attempt pairs.
-- Reply: the ids whose lease was lost (recovered as stalled, or settled by another attempt).
local now = now_ms()
local deadline = int(now + tonumber(ARGV[9]))
local lost = {}
for i = 10, #ARGV, 2 do
  local id = ARGV[i]
  local f = redis.call('HMGET', job_key(id), 'attempts', 'state')
  if f[1] == ARGV[i + 1] and f[2] == 'active' and redis.call('ZSCORE', K_ACTIVE, id) then
    redis.call('ZADD', K_ACTIVE, 'XX', deadline, id)
  else
    lost[#lost + 1] = id
  end
end
return lost
