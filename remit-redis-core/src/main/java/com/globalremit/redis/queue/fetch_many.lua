-- Fetch for a prefetching worker thread (JobWorkerOptions.prefetch): up to ARGV[11] jobs in one round trip,
-- each taken exactly as fetch takes one (in-flight set, lease, attempt counter). Promotes due retries and
-- recovers lapsed leases first. ARGV[9] worker, [10] leaseMs, [11] most jobs to take.
-- Reply: {count, now, stalledTypes, deadTypes, deadTrimmed (dead letters the cap deleted), nextDueInMs (-1: nothing delayed; set only when count is 0),
--         job 1 (its hash as field, value, ...), job 2, ...}
local now = now_ms()
local now_s = int(now)
local worker, lease_ms, most = ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11])
promote_due(now_s)
local stalled, dead, trimmed = recover_stalled(now, now_s)
local reply = { 0, now, table.concat(stalled, ','), table.concat(dead, ','), trimmed, -1 }

local function take_one(id)
  local job = take(id, now, now_s, worker, lease_ms, {})
  if job then
    reply[1] = reply[1] + 1
    reply[#reply + 1] = job
  end
end

if WEIGHTS == '' then
  -- Strict priority: drain high, then medium, then low, popping as many as still fit with one ZPOPMIN each.
  for _, p in ipairs(PRIORITIES) do
    local want = most - reply[1]
    if want <= 0 then break end
    local popped = redis.call('ZPOPMIN', K_WAIT[p], int(want))
    for i = 1, #popped, 2 do take_one(popped[i]) end
  end
else
  -- Weighted: every job gets its own turn of the round robin, as if fetched one by one.
  for _ = 1, most do
    local id = pop_next(priority_order())
    if not id then break end
    take_one(id)
  end
end

if reply[1] > 0 then
  if any_waiting() then signal() end
else
  reply[6] = next_due_in(now)
end
return reply
