-- Shared prelude of the session scripts (RedisSessionStore loads each with LuaScript.withPrelude). A session is
-- one hash with timing metadata m:last m:idle m:abs (server ms) beside m:created m:rm m:uidx and its data.

-- Server time in ms: deadlines never depend on an application server's clock.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The deadline check every script makes before it uses a session: 1 live, 2 idle-expired, 3 absolute-expired.
-- An ended session's key is deleted on the spot (it outlives its deadline by the expiry grace only so that
-- "expired" can be told from "absent"), so nothing is ever read from or written into it again.
local function session_state(key, now, last, idle, absolute)
  local state = 1
  if now >= absolute then
    state = 3
  elseif now >= last + idle then
    state = 2
  end
  if state ~= 1 then
    redis.call('DEL', key)
  end
  return state
end

-- The key lives until the nearer deadline (plus the grace).
local function expire_at_deadline(key, now, last, idle, absolute, grace)
  redis.call('PEXPIRE', key, math.max(1, math.min(last + idle, absolute) - now + tonumber(grace)))
end

-- Writes a request's changes, laid out from ARGV[c]: number of field/value pairs to set, number of fields to
-- delete, remember-me duration ms ('' = keep the policy), new idle timeout ms ('' = keep), the pairs, the
-- fields to delete. Only these fields are written, so concurrent requests keep each other's changes. `hset`
-- holds pairs to set in the same HSET (a touch's m:last). Returns the idle timeout and absolute deadline as
-- they are now, and whether either changed (the key's expiry must then be recomputed).
local function apply_changes(key, c, now, idle, absolute, hset)
  local sets, dels = tonumber(ARGV[c]), tonumber(ARGV[c + 1])
  local first = c + 4
  for i = first, first + 2 * sets - 1 do
    hset[#hset + 1] = ARGV[i]
  end
  local timing = true
  if ARGV[c + 2] ~= '' then
    idle = tonumber(ARGV[c + 2])
    absolute = now + idle
    for _, v in ipairs({ 'm:rm', '1', 'm:idle', idle, 'm:abs', absolute }) do
      hset[#hset + 1] = v
    end
  elseif ARGV[c + 3] ~= '' then
    idle = tonumber(ARGV[c + 3])
    hset[#hset + 1] = 'm:idle'
    hset[#hset + 1] = idle
  else
    timing = false
  end
  if #hset > 0 then
    redis.call('HSET', key, unpack(hset))
  end
  if dels > 0 then
    redis.call('HDEL', key, unpack(ARGV, first + 2 * sets, first + 2 * sets + dels - 1))
  end
  return idle, absolute, timing
end
