package com.globalremit.teller.cache;

import com.globalremit.redis.autoconfigure.cache.RemitCacheEvict;

/**
 * Published when a client's KYC status changes. Everything cached for the client (profile, compliance data, any
 * type keyed by the client id) is invalidated in Redis and in every instance's near cache, after the commit.
 */
@RemitCacheEvict(group = "#event.clientId")
public record ClientKycStatusChanged(long clientId, String newStatus) { }
