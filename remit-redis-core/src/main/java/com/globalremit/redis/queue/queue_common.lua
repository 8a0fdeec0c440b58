-- Shared prelude of every job-queue script (QueueScripts prepends it). All keys belong to one named queue and
-- share its hash tag, so a script runs on one cluster node. Job hashes and dedup keys are built here from the
-- prefixes in ARGV[1..2]: they carry the same hash tag, hence the same slot.
--
-- KEYS: 1 wait:high 2 wait:medium 3 wait:low 4 delayed 5 active 6 dead 7 completed 8 marker 9 seq 10 rr
-- ARGV: 1 job-key prefix 2 dedup-key prefix 3 maxStalls 4 deadMaxSize 5 deadMaxAgeMs
--       6 keepCompletedCount 7 keepCompletedAgeMs 8 weights ("" = strict, else "high,medium,low")
-- Script-specific arguments start at ARGV[9].
local K_WAIT = { high = KEYS[1], medium = KEYS[2], low = KEYS[3] }
local K_DELAYED, K_ACTIVE, K_DEAD, K_DONE = KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local K_MARKER, K_SEQ, K_RR = KEYS[8], KEYS[9], KEYS[10]
local JOB_PREFIX, DEDUP_PREFIX = ARGV[1], ARGV[2]
-- The numeric options (ARGV[3..7]) are read with tonumber where used: every call runs this prelude, and the hot
-- path (enqueue, fetch, complete) needs none of them but keepCompletedCount.
local WEIGHTS = ARGV[8]
local PRIORITIES = { 'high', 'medium', 'low' }

-- Numbers go to redis.call as strings made here: Redis 7.0 formats a Lua number argument with "%.17g", which
-- costs more than the command it feeds on this path (measured with INFO commandstats, see docs/job-queue.md).
local function int(n) return string.format('%d', n) end

-- Server time in ms: leases, due times and ages never depend on client clocks.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function job_key(id) return JOB_PREFIX .. id end

-- Wakes one idle worker (BZPOPMIN on the marker). One member, so the marker never grows.
local function signal() redis.call('ZADD', K_MARKER, '0', 'w') end

-- Redis deletes an emptied sorted set, so one EXISTS over the three keys answers (one call instead of three).
local function any_waiting()
  return redis.call('EXISTS', K_WAIT.high, K_WAIT.medium, K_WAIT.low) > 0
end

-- seq: a string (INCR's reply through int(), or the job hash's field).
local function push_wait(id, jk, priority, seq)
  redis.call('ZADD', K_WAIT[priority], seq, id)
  redis.call('HSET', jk, 'state', 'waiting')
end

-- Deletes a job hash whose dedupKey/dedupTtl/dedupId fields the caller has read already (complete reads them with
-- the ownership check: one HMGET). The dedup keys live on for the job's dedup window so a late client retry stays a
-- no-op. dedupId: the job id, set only when the job has both a job id and a dedup key (enqueue.lua), each of which
-- has its own dedup entry.
local function forget_read(jk, dedup, ttl, dedup_id)
  local ms = tonumber(ttl or '0')
  for _, key in ipairs({ dedup or '', dedup_id or '' }) do
    if key ~= '' then
      if ms and ms > 0 then
        redis.call('PEXPIRE', DEDUP_PREFIX .. key, ttl)
      else
        redis.call('DEL', DEDUP_PREFIX .. key)
      end
    end
  end
  redis.call('DEL', jk)
end

-- The helpers of rare transitions (due-time signal, history, dead letters, retention). Lua creates every local
-- function of a script on every call (about 0.07 us each, measured); these are created only by a call that needs
-- them, through cold().
local cold_helpers
local function cold()
  if cold_helpers then return cold_helpers end
  local c = {}
  -- A future due time: the idle worker that pops it fetches then and learns how long to wait.
  function c.signal_due(due) redis.call('ZADD', K_MARKER, 'LT', int(due), 'd') end

  function c.append_history(jk, at, worker, err, outcome)
    local raw = redis.call('HGET', jk, 'history')
    local list = {}
    if raw then list = cjson.decode(raw) end
    list[#list + 1] = { at = at, worker = worker or '', error = err or '', outcome = outcome }
    while #list > 50 do table.remove(list, 1) end
    redis.call('HSET', jk, 'history', cjson.encode(list))
  end

  function c.forget(id)
    local jk = job_key(id)
    local f = redis.call('HMGET', jk, 'dedupKey', 'dedupTtl', 'dedupId')
    forget_read(jk, f[1], f[2], f[3])
  end

  -- Caps the dead letters by age and size (at most 100 removals per call, so a call stays short). Returns how
  -- many it deleted: every script that trims reports it, and the Java side logs and counts it (never silent).
  function c.trim_dead(now)
    local DEAD_MAX_SIZE, DEAD_MAX_AGE = tonumber(ARGV[4]), tonumber(ARGV[5])
    local dropped = 0
    if DEAD_MAX_AGE > 0 then
      local old = redis.call('ZRANGEBYSCORE', K_DEAD, '-inf', int(now - DEAD_MAX_AGE), 'LIMIT', 0, 100)
      for _, id in ipairs(old) do redis.call('ZREM', K_DEAD, id); c.forget(id) end
      dropped = #old
    end
    if DEAD_MAX_SIZE > 0 then
      local excess = redis.call('ZCARD', K_DEAD) - DEAD_MAX_SIZE
      if excess > 0 then
        local ids = redis.call('ZRANGE', K_DEAD, 0, math.min(excess, 100) - 1)
        for _, id in ipairs(ids) do redis.call('ZREM', K_DEAD, id); c.forget(id) end
        dropped = dropped + #ids
      end
    end
    return dropped
  end

  -- Returns how many older dead letters the cap deleted to make room.
  function c.to_dead(id, jk, now, reason)
    redis.call('HSET', jk, 'state', 'dead', 'lastError', reason, 'finishedAt', now)
    redis.call('ZADD', K_DEAD, now, id)
    return c.trim_dead(now)
  end

  function c.trim_done(now)
    local KEEP_DONE_COUNT, KEEP_DONE_AGE = tonumber(ARGV[6]), tonumber(ARGV[7])
    if KEEP_DONE_AGE > 0 then
      local old = redis.call('ZRANGEBYSCORE', K_DONE, '-inf', now - KEEP_DONE_AGE, 'LIMIT', 0, 100)
      for _, id in ipairs(old) do redis.call('ZREM', K_DONE, id); c.forget(id) end
    end
    local excess = redis.call('ZCARD', K_DONE) - KEEP_DONE_COUNT
    if excess > 0 then
      local ids = redis.call('ZRANGE', K_DONE, 0, math.min(excess, 100) - 1)
      for _, id in ipairs(ids) do redis.call('ZREM', K_DONE, id); c.forget(id) end
    end
  end
  cold_helpers = c
  return c
end

-- Delayed jobs (retries, enqueue with delay) whose time has come go to the back of their priority.
-- now_s: the time as a string (int(now)).
local function promote_due(now_s)
  local due = redis.call('ZRANGEBYSCORE', K_DELAYED, '-inf', now_s, 'LIMIT', '0', '100')
  for _, id in ipairs(due) do
    redis.call('ZREM', K_DELAYED, id)
    local jk = job_key(id)
    local p = redis.call('HGET', jk, 'priority')
    if p then
      local seq = int(redis.call('INCR', K_SEQ))
      redis.call('HSET', jk, 'seq', seq)
      push_wait(id, jk, p, seq)
    end
  end
  return #due
end

-- Jobs whose lease lapsed (worker killed, paused or cut off) go back to their old place in the queue, or to
-- the dead letters after MAX_STALLS stalls. Returns the types of stalled and of dead-lettered jobs, and how many
-- dead letters the cap deleted.
local function recover_stalled(now, now_s)
  local stalled, dead, trimmed = {}, {}, 0
  local lapsed = redis.call('ZRANGEBYSCORE', K_ACTIVE, '-inf', now_s, 'LIMIT', '0', '100')
  if not lapsed[1] then return stalled, dead, trimmed end
  local MAX_STALLS = tonumber(ARGV[3])
  for _, id in ipairs(lapsed) do
    redis.call('ZREM', K_ACTIVE, id)
    local jk = job_key(id)
    local f = redis.call('HMGET', jk, 'type', 'priority', 'seq', 'worker', 'attempts')
    if f[1] then
      local stalls = redis.call('HINCRBY', jk, 'stalls', 1)
      cold().append_history(jk, now, f[4], 'lease expired (worker stopped, died or lost Redis)', 'stalled')
      stalled[#stalled + 1] = f[1]
      if stalls > MAX_STALLS then
        trimmed = trimmed + cold().to_dead(id, jk, now, 'stalled ' .. stalls .. ' times (lease expired)')
        -- The attempt that stalled may still be running: it may settle the dead letter (owned) until the job is
        -- retried (dead_retry clears this) or fetched again (attempts moves on).
        redis.call('HSET', jk, 'deadStall', f[5] or '0')
        dead[#dead + 1] = f[1]
      else
        push_wait(id, jk, f[2], f[3])
      end
    end
  end
  return stalled, dead, trimmed
end

local function priority_order()
  if WEIGHTS == '' then return PRIORITIES end
  local w = {}
  for n in string.gmatch(WEIGHTS, '%d+') do w[#w + 1] = tonumber(n) end
  local total = w[1] + w[2] + w[3]
  -- A deterministic weighted round robin (scripts get no real randomness): turn c of every `total` fetches.
  local c = redis.call('INCR', K_RR) % total
  if c < w[1] then return { 'high', 'medium', 'low' } end
  if c < w[1] + w[2] then return { 'medium', 'high', 'low' } end
  return { 'low', 'high', 'medium' }
end

-- The fields fetch writes; the reply carries their new values instead of the ones HGETALL read.
local FETCH_WRITES = { attempts = true, state = true, worker = true, startedAt = true }

-- Marks a popped job active and builds the reply from the one HGETALL (no EXISTS, no HINCRBY: the attempt
-- counter is computed here and written with the other fields by one HSET). Nil when the hash is gone.
local function take(id, now, now_s, worker, lease_ms, reply)
  local jk = job_key(id)
  local h = redis.call('HGETALL', jk)
  if not h[1] then return nil end
  local attempt = 1
  for i = 1, #h, 2 do
    local f = h[i]
    if FETCH_WRITES[f] then
      if f == 'attempts' then attempt = tonumber(h[i + 1]) + 1 end
    else
      reply[#reply + 1] = f
      reply[#reply + 1] = h[i + 1]
    end
  end
  attempt = int(attempt)
  redis.call('HSET', jk, 'attempts', attempt, 'state', 'active', 'worker', worker, 'startedAt', now_s)
  redis.call('ZADD', K_ACTIVE, int(now + lease_ms), id)
  local n = #reply
  reply[n + 1], reply[n + 2], reply[n + 3], reply[n + 4] = 'attempts', attempt, 'state', 'active'
  reply[n + 5], reply[n + 6], reply[n + 7], reply[n + 8] = 'worker', worker, 'startedAt', now_s
  return reply
end

-- Pops the first waiting job id in the given priority order, or nil when all three are empty.
local function pop_next(order)
  for _, p in ipairs(order) do
    local r = redis.call('ZPOPMIN', K_WAIT[p])
    if r[1] then return r[1] end
  end
  return nil
end

-- Ms until the earliest delayed job is due (0 if overdue), -1 when nothing is delayed: how long an idle worker
-- may wait.
local function next_due_in(now)
  local d = redis.call('ZRANGE', K_DELAYED, '0', '0', 'WITHSCORES')
  if d[2] then return math.max(0, tonumber(d[2]) - now) end
  return -1
end

-- Takes the next job into the in-flight set with a lease. Reply, appended to `head` (complete's and fail's
-- outcome; nil for none), so the reply is built once instead of copied:
-- {1, now, stalledTypes, deadTypes, deadTrimmed, field, value, ...}  a job (its hash), or
-- {0, now, stalledTypes, deadTypes, deadTrimmed, nextDueInMs}        nothing to do (-1: nothing delayed either).
-- deadTrimmed: dead letters the cap deleted while dead-lettering stalled jobs.
local function fetch(now, worker, lease_ms, head)
  head = head or {}
  local base = #head
  local now_s = int(now)
  promote_due(now_s)
  local stalled, dead, trimmed = recover_stalled(now, now_s)
  local st, dt = table.concat(stalled, ','), table.concat(dead, ',')
  local order = priority_order()
  for _ = 1, 10 do
    local id = pop_next(order)
    if not id then break end
    head[base + 1], head[base + 2], head[base + 3], head[base + 4], head[base + 5] = 1, now, st, dt, trimmed
    local reply = take(id, now, now_s, worker, lease_ms, head)
    if reply then
      if any_waiting() then signal() end
      return reply
    end
  end
  head[base + 1], head[base + 2], head[base + 3], head[base + 4], head[base + 5] = 0, now, st, dt, trimmed
  head[base + 6] = next_due_in(now)
  return head
end

-- Checks the fencing token: only the attempt that fetched the job may settle it. A job that stalled but was not
-- fetched again (still waiting) may still be settled by that attempt, which saves a duplicate run. With
-- dead_ok, so may a job that this attempt's stall moved to the dead letters (deadStall is its attempt) and that
-- was neither retried nor fetched since: its late success must not be lost, or an admin retry runs it twice.
-- Returns the fields complete and fail need (one HMGET: attempts, state, priority, dedupKey, dedupTtl,
-- retryCount, maxRetries, dedupId, deadStall) and true when the job was taken out of the dead letters, or nil
-- when the attempt does not own the job.
local function owned(id, jk, attempt, dead_ok)
  local f = redis.call('HMGET', jk, 'attempts', 'state', 'priority', 'dedupKey', 'dedupTtl', 'retryCount',
    'maxRetries', 'dedupId', 'deadStall')
  if f[1] ~= attempt then return nil end
  if f[2] == 'active' then
    if redis.call('ZREM', K_ACTIVE, id) == 1 then return f end
  elseif f[2] == 'waiting' then
    if redis.call('ZREM', K_WAIT[f[3]], id) == 1 then return f end
  elseif f[2] == 'dead' and dead_ok and f[9] == attempt then
    if redis.call('ZREM', K_DEAD, id) == 1 then
      redis.call('HDEL', jk, 'deadStall')
      return f, true
    end
  end
  return nil
end
