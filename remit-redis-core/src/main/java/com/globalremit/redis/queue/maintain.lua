-- Promotes due delayed jobs and recovers lapsed leases without fetching (fetch does both too; this is for
-- queues nobody fetches from at the moment, e.g. an admin view). Also applies the dead letters' age and size
-- caps, which otherwise run only when a job dies.
-- Reply: {promoted, stalledTypes, deadTypes, deadTrimmed (dead letters the caps deleted)}.
local now = now_ms()
local promoted = promote_due(int(now))
local stalled, dead, trimmed = recover_stalled(now, int(now))
trimmed = trimmed + cold().trim_dead(now)
if any_waiting() then signal() end
-- Re-arms the due-time signal too: a worker that stopped may have taken it (JobWorker calls this on shutdown).
local d = redis.call('ZRANGE', K_DELAYED, '0', '0', 'WITHSCORES')
if d[2] then cold().signal_due(tonumber(d[2])) end
return { promoted, table.concat(stalled, ','), table.concat(dead, ','), trimmed }
