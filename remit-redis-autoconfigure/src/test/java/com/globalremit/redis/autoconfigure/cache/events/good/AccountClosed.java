package com.globalremit.redis.autoconfigure.cache.events.good;

import com.globalremit.redis.autoconfigure.cache.RemitCacheEvict;

/** A valid annotated event in a scanned package. */
@RemitCacheEvict(type = "account-balance", key = "#event.accountId")
public record AccountClosed(String accountId) {
}
