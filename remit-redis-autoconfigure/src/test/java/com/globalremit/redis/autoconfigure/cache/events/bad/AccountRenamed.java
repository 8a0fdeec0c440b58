package com.globalremit.redis.autoconfigure.cache.events.bad;

import com.globalremit.redis.autoconfigure.cache.RemitCacheEvict;

/** An event whose annotation names a type that cannot exist (upper case): start-up must refuse it. */
@RemitCacheEvict(type = "Account_Balance", key = "#event.accountId")
public record AccountRenamed(String accountId) {
}
