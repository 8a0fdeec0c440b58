package com.globalremit.redis.cache;

/** How concurrent misses of one key are kept from all calling the loader. */
public enum StampedeProtection {

    /**
     * One load per key per JVM (concurrent callers wait for the first), and a per-key lease in Redis across
     * instances: the instance that takes the lease loads, the others wait for its value. The default: it bounds the
     * database to one load per key per expiry whatever the number of instances, works for cold keys and after an
     * invalidation (when there is no old value to serve early), and its writes are fenced: an invalidation during a
     * load drops the lease, so the slow load cannot put the stale value back.
     */
    LEASE,

    /** One load per key per JVM only; N instances may load the same key at once. One Redis command less per miss. */
    LOCAL
}
