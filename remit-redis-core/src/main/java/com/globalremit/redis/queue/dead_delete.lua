-- Admin delete of dead letters (the dedup key lives on for the job's dedup window).
-- ARGV[9] id ("" = all), [10] type filter for "all", [11] batch size. Reply: count deleted.
local id, type, batch = ARGV[9], ARGV[10], tonumber(ARGV[11])
local ids
if id ~= '' then ids = { id } else ids = redis.call('ZRANGE', K_DEAD, 0, -1) end
local deleted = 0
for _, jid in ipairs(ids) do
  if deleted >= batch then break end
  if type == '' or redis.call('HGET', job_key(jid), 'type') == type then
    if redis.call('ZREM', K_DEAD, jid) == 1 then
      cold().forget(jid)
      deleted = deleted + 1
    end
  end
end
return deleted
