-- Fail: retry after ARGV[13] ms (computed by the job type's backoff for the current retryCount) or, once the
-- retries are used up, move to the dead letters. ARGV[9] id, [10] attempt, [11] worker, [12] error summary,
-- [13] retryDelayMs, [14] fetchNext (1/0), [15] leaseMs.
-- Reply: {outcome (1 retry scheduled, 2 dead-lettered, 3 already dead-lettered for this attempt's stall and the
-- failure recorded on it, 0 lease lost), deadTrimmed (dead letters the cap deleted), fetch reply...}
local now = now_ms()
local id, worker, err = ARGV[9], ARGV[11], ARGV[12]
local jk = job_key(id)
local outcome, trimmed = 0, 0
local f = owned(id, jk, ARGV[10], false)
if not f then
  -- A late failure of the attempt whose stall dead-lettered the job: it stays dead (no retry: the stalls used up
  -- its chances, and a retry is the admin's call), but its history and lastError get the real error.
  local d = redis.call('HMGET', jk, 'attempts', 'state', 'deadStall')
  if d[1] == ARGV[10] and d[2] == 'dead' and d[3] == ARGV[10] then
    cold().append_history(jk, now, worker, err, 'failed late (after dead-lettered for stalls)')
    redis.call('HSET', jk, 'lastError', err)
    redis.call('HDEL', jk, 'deadStall')
    outcome = 3
  end
elseif f then
  -- retryCount: written by enqueue; `or '0'` keeps a hash written by any other path readable.
  local retries, max = tonumber(f[6] or '0'), tonumber(f[7])
  cold().append_history(jk, now, worker, err, 'failed')
  redis.call('HSET', jk, 'lastError', err)
  if retries >= max then
    trimmed = cold().to_dead(id, jk, now, err)
    outcome = 2
  else
    outcome = 1
    redis.call('HSET', jk, 'retryCount', int(retries + 1))
    local delay = tonumber(ARGV[13])
    if delay > 0 then
      redis.call('HSET', jk, 'state', 'delayed', 'nextRetryAt', int(now + delay))
      redis.call('ZADD', K_DELAYED, int(now + delay), id)
      cold().signal_due(now + delay)
    else
      local seq = int(redis.call('INCR', K_SEQ))
      redis.call('HSET', jk, 'seq', seq, 'nextRetryAt', int(now))
      push_wait(id, jk, f[3], seq)
      signal()
    end
  end
end
local reply = { outcome, trimmed }
if ARGV[14] == '1' then fetch(now, worker, tonumber(ARGV[15]), reply) end
return reply
