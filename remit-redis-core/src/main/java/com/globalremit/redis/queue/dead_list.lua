-- One page of dead letters, newest first, optionally of one type. ARGV[9] offset, [10] limit, [11] type ("" all).
-- Reply: {totalMatching, {field, value, ...}, ...}. The dead-letter set is capped, so a full pass stays short.
local offset, limit, type = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11]
local reply = { 0 }
local matched = 0
local ids = redis.call('ZREVRANGE', K_DEAD, 0, -1)
for _, id in ipairs(ids) do
  local jk = job_key(id)
  if type == '' or redis.call('HGET', jk, 'type') == type then
    if matched >= offset and matched < offset + limit then
      reply[#reply + 1] = redis.call('HGETALL', jk)
    end
    matched = matched + 1
  end
end
reply[1] = matched
return reply
