-- Approximate sliding window in O(1) memory: the count of the current fixed window plus the previous window's
-- count weighted by the share of it the sliding window still covers (it assumes the previous window's requests
-- were spread evenly; see docs/rate-limiting.md for the error). One round trip, Redis server time.
--
-- KEYS[1]  hash: w = window (µs), s = start of the current fixed window (µs), c = units counted in it,
--          p = units counted in the fixed window before it
-- ARGV[1]  limit, ARGV[2] window in microseconds, ARGV[3] cost (1..limit)
-- Returns {allowed 1|0, remaining, reset (µs: end of the current fixed window), retry-after (µs; 0 when allowed)}
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local start = now - (now % window)

local cur, prev = 0, 0
local h = redis.call('HMGET', key, 'w', 's', 'c', 'p')
-- A changed window length starts afresh rather than mixing counts of different windows.
if tonumber(h[1]) == window then
  local s = tonumber(h[2])
  if s == start then
    cur = tonumber(h[3])
    prev = tonumber(h[4])
  elseif s == start - window then
    prev = tonumber(h[3])
  end
end

local elapsed = now - start
local weighted = prev * (window - elapsed) / window
local reset = start + window

if weighted + cur + cost <= limit then
  redis.call('HSET', key, 'w', window, 's', start, 'c', cur + cost, 'p', prev)
  -- The count is needed until the end of the next fixed window.
  redis.call('PEXPIRE', key, math.ceil((start + 2 * window - now) / 1000))
  return {1, math.floor(limit - weighted - cur - cost), reset, 0}
end

-- Denied: nothing is written. Find when weighted(t) + cur + cost <= limit again.
local wait
if cur + cost <= limit and prev > 0 then
  -- Still in this fixed window, once enough of the previous one has slid out.
  wait = window - (limit - cur - cost) * window / prev - elapsed
else
  -- Only in the next fixed window, where this window's count becomes the weighted one.
  wait = (window - elapsed) + window - (limit - cost) * window / cur
end
if wait < 1 then
  wait = 1
end
return {0, math.floor(limit - weighted - cur), reset, math.ceil(wait)}
