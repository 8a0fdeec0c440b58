-- Gives up a lease without writing (the loader found nothing and absences are not cached for this type), so
-- instances waiting for it take over at once instead of waiting for the lease to expire.
-- KEYS[1] lease   ARGV[1] token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
