-- Complete: ARGV[9] id, [10] attempt, [11] fetchNext (1/0), [12] worker, [13] leaseMs.
-- Reply: {ok (1 settled, 0 lease lost to another attempt), fetch reply...}
local now = now_ms()
local id = ARGV[9]
local jk = job_key(id)
local ok = 0
if owned(id, jk, ARGV[10]) then
  ok = 1
  if KEEP_DONE_COUNT > 0 then
    redis.call('HSET', jk, 'state', 'completed', 'finishedAt', now)
    redis.call('ZADD', K_DONE, now, id)
    trim_done(now)
  else
    forget(id)
  end
end
local reply = { ok }
if ARGV[11] == '1' then append(reply, fetch(now, ARGV[12], tonumber(ARGV[13]))) end
return reply
