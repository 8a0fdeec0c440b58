-- Promotes due delayed jobs and recovers lapsed leases without fetching (fetch does both too; this is for
-- queues nobody fetches from at the moment, e.g. an admin view). Reply: {promoted, stalledTypes, deadTypes}.
local now = now_ms()
local promoted = promote_due(now)
local stalled, dead = recover_stalled(now)
if any_waiting() then signal() end
return { promoted, table.concat(stalled, ','), table.concat(dead, ',') }
