-- Complete: ARGV[9] id, [10] attempt, [11] fetchNext (1/0), [12] worker, [13] leaseMs.
-- Reply: {ok (1 settled, 0 lease lost to another attempt), fetch reply...}
local now = now_ms()
local id = ARGV[9]
local jk = job_key(id)
local ok = 0
-- A late success of the attempt whose stall dead-lettered the job completes it out of the dead letters.
local f, late = owned(id, jk, ARGV[10], true)
if f then
  ok = 1
  if late then
    cold().append_history(jk, now, ARGV[12], '', 'completed late (after dead-lettered for stalls)')
  end
  if tonumber(ARGV[6]) > 0 then
    redis.call('HSET', jk, 'state', 'completed', 'finishedAt', int(now))
    redis.call('ZADD', K_DONE, int(now), id)
    cold().trim_done(now)
  else
    forget_read(jk, f[4], f[5], f[8])
  end
end
local reply = { ok }
if ARGV[11] == '1' then fetch(now, ARGV[12], tonumber(ARGV[13]), reply) end
return reply
