-- Fetch: promotes due retries, recovers lapsed leases, then takes the next job. ARGV[9] worker, [10] leaseMs.
return fetch(now_ms(), ARGV[9], tonumber(ARGV[10]))
