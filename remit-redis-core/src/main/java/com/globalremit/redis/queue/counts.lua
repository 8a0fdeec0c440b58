-- Depth of every state, read in one round trip: {high, medium, low, delayed, active, dead, completed}.
return { redis.call('ZCARD', K_WAIT.high), redis.call('ZCARD', K_WAIT.medium), redis.call('ZCARD', K_WAIT.low),
  redis.call('ZCARD', K_DELAYED), redis.call('ZCARD', K_ACTIVE), redis.call('ZCARD', K_DEAD),
  redis.call('ZCARD', K_DONE) }
