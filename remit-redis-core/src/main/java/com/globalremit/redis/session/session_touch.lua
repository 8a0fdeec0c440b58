-- Read-and-touch (or peek) in one round trip, optionally with the request's changes written in the same step.
-- One HGETALL serves both the deadline check and the answer.
-- KEYS[1] session hash
-- ARGV[1] '1' touch (lastActivity = now, expiry renewed) or '0' peek (read only), ARGV[2] expiry grace ms,
-- ARGV[3..] optional changes, only with a touch (layout: apply_changes in session_common.lua)
-- Returns {1, now, expiresAt, absoluteDeadline, {field, value, ...}}: the fields as read before the changes but
-- with the timing metadata (m:last m:idle m:abs m:rm) as after them; {0} when absent, {2} idle-expired or
-- {3} absolute-expired (the key is deleted then).
local key = KEYS[1]
local fields = redis.call('HGETALL', key)
local at = {}
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'm:' then
    at[fields[i]] = i + 1
  end
end
if not at['m:last'] or not at['m:idle'] or not at['m:abs'] then
  return {0}
end
local now = now_ms()
local last, idle, absolute = tonumber(fields[at['m:last']]), tonumber(fields[at['m:idle']]),
  tonumber(fields[at['m:abs']])
local state = session_state(key, now, last, idle, absolute)
if state ~= 1 then
  return {state}
end
if ARGV[1] == '1' then
  last = now
  if #ARGV > 2 then
    local timing
    idle, absolute, timing = apply_changes(key, 3, now, idle, absolute, { 'm:last', now })
    if ARGV[5] ~= '' and at['m:rm'] then
      fields[at['m:rm']] = '1'
    end
    fields[at['m:idle']] = tostring(idle)
    fields[at['m:abs']] = tostring(absolute)
  else
    redis.call('HSET', key, 'm:last', now)
  end
  fields[at['m:last']] = tostring(now)
  expire_at_deadline(key, now, last, idle, absolute, ARGV[2])
end
return {1, now, math.min(last + idle, absolute), absolute, fields}
