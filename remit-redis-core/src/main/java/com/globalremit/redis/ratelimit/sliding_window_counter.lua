-- Approximate sliding window in O(1) memory: the count of the current fixed window plus the previous window's
-- count weighted by the share of it the sliding window still covers (it assumes the previous window's requests
-- were spread evenly; see docs/rate-limiting.md for the error). One round trip, Redis server time.
--
-- KEYS[1]  string "<window µs> <start of the current fixed window µs> <units in it> <units in the one before>",
--          written with its expiry by one SET ... PX (a hash would need HSET and PEXPIRE: one call more, and
--          every redis.call costs about half a microsecond of Redis CPU before the command runs)
-- ARGV[1]  limit, ARGV[2] window in milliseconds, ARGV[3] cost (1..limit)
-- Returns {allowed 1|0, remaining, reset (µs: end of the current fixed window), retry-after (µs; 0 when allowed)}
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
local cost = tonumber(ARGV[3])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local start = now - (now % window)

local state = redis.pcall('GET', key)
if type(state) == 'table' then
  -- WRONGTYPE: a hash written by an earlier version (fields w, s, c, p); read it, the SET below replaces it.
  local h = redis.call('HMGET', key, 'w', 's', 'c', 'p')
  state = h[1] and (h[1] .. ' ' .. h[2] .. ' ' .. h[3] .. ' ' .. h[4])
end

local cur, prev = 0, 0
if state then
  local w, s, c, p = string.match(state, '^(%d+) (%d+) (%d+) (%d+)$')
  -- A changed window length starts afresh rather than mixing counts of different windows.
  if tonumber(w) == window then
    s = tonumber(s)
    if s == start then
      cur = tonumber(c)
      prev = tonumber(p)
    elseif s == start - window then
      prev = tonumber(c)
    end
  end
end

local elapsed = now - start
local weighted = prev * (window - elapsed) / window
local reset = start + window

if weighted + cur + cost <= limit then
  -- The count is needed until the end of the next fixed window. %d: a Lua number given to redis.call is
  -- formatted with "%.17g", which is slower.
  redis.call('SET', key, string.format('%d %d %d %d', window, start, cur + cost, prev),
      'PX', string.format('%d', math.ceil((start + 2 * window - now) / 1000)))
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
