/**
 * Cache-aside over Redis: {@link com.globalremit.redis.cache.RemitCache} gets values by data type and id, loads
 * misses through the caller's loader, protects the loader from stampedes (one load per key per JVM, and a per-key
 * lease across instances), invalidates by key, by entity group (index sets, never KEYS) and through Pub/Sub, keeps
 * an optional in-process near cache coherent, and keeps serving loader values while Redis is down.
 */
package com.globalremit.redis.cache;
