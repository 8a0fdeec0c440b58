-- Exact sliding-window log, one round trip. The design document's four separate commands race (concurrent
-- checks all see count < limit) and record rejected requests (a client that keeps retrying is blocked for ever);
-- here trimming, counting and adding happen atomically and only admitted requests are recorded.
--
-- KEYS[1]  sorted set of admitted request units; score = Redis server time in microseconds
-- ARGV[1]  limit (units per window)
-- ARGV[2]  window in milliseconds (also the key's expiry, sent to PEXPIRE as it came)
-- ARGV[3]  cost of this request in units (1..limit)
-- ARGV[4]  member unique to this request (cost > 1 adds ARGV[4]..'.'..i); the score alone is not unique, two
--          requests in the same microsecond must both count
-- Returns {allowed 1|0, remaining, reset (µs: when the newest counted unit leaves the window, i.e. the whole
--          limit is available again), retry-after (µs from now until this request would fit; 0 when allowed)}
--
-- Cost (docs/rate-limiting.md, Benchmarks): every redis.call costs about half a microsecond of Redis CPU before
-- the command does anything, so an admission makes only the five calls it needs: its reset time needs no lookup,
-- because the unit it just added is the newest one. Numbers go to redis.call as strings made with %d: Redis
-- formats a Lua number argument with "%.17g", which is several times slower.
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
local cost = tonumber(ARGV[3])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nowArg = string.format('%d', now)

-- The window is (now - window, now]: an entry exactly one window old has left it.
redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window))
local count = redis.call('ZCARD', key)

if count + cost <= limit then
  if cost == 1 then
    redis.call('ZADD', key, nowArg, ARGV[4])
  else
    -- unpack() is bounded by the Lua C stack (about 8000 values): add in chunks.
    local args = {}
    for i = 1, cost do
      args[#args + 1] = nowArg
      args[#args + 1] = ARGV[4] .. '.' .. i
      if #args >= 1000 then
        redis.call('ZADD', key, unpack(args))
        args = {}
      end
    end
    if #args > 0 then
      redis.call('ZADD', key, unpack(args))
    end
  end
  -- Every entry is at most one window old when it matters, so the key can go one window after the last add.
  redis.call('PEXPIRE', key, ARGV[2])
  return {1, limit - count - cost, now + window, 0}
end

-- Denied: nothing is written, so retrying does not extend the block. The request fits once the
-- (count + cost - limit)-th oldest unit has left the window.
local need = count + cost - limit
-- Usually need is 1 and the blocking entry is the oldest one.
local rank = string.format('%d', need - 1)
local blocking = tonumber(redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')[2])
local newest = tonumber(redis.call('ZRANGE', key, '-1', '-1', 'WITHSCORES')[2])
return {0, limit - count, newest + window, blocking + window - now}
