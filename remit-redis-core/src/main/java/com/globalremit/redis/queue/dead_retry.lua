-- Admin retry: dead letters go back to their priority with retries and stalls reset (history is kept).
-- ARGV[9] id ("" = all), [10] type filter for "all" ("" = every type), [11] batch size. Reply: count moved.
local id, type, batch = ARGV[9], ARGV[10], tonumber(ARGV[11])
local ids
if id ~= '' then ids = { id } else ids = redis.call('ZRANGE', K_DEAD, 0, -1) end
local moved = 0
for _, jid in ipairs(ids) do
  if moved >= batch then break end
  local jk = job_key(jid)
  local f = redis.call('HMGET', jk, 'type', 'priority')
  if f[1] and (type == '' or f[1] == type) and redis.call('ZREM', K_DEAD, jid) == 1 then
    local seq = redis.call('INCR', K_SEQ)
    redis.call('HSET', jk, 'retryCount', 0, 'stalls', 0, 'seq', seq)
    redis.call('HDEL', jk, 'finishedAt', 'nextRetryAt', 'deadStall')
    push_wait(jid, jk, f[2], seq)
    moved = moved + 1
  end
end
if moved > 0 then signal() end
return moved
