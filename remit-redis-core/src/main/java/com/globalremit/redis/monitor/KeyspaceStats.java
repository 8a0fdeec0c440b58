package com.globalremit.redis.monitor;

/**
 * One {@code # Keyspace} line of INFO. Counts the server did not send are {@code -1}.
 *
 * @param db database index
 * @param keys keys in the database
 * @param expires keys with a TTL
 * @param avgTtlMillis estimated average TTL of the keys with one
 */
public record KeyspaceStats(int db, long keys, long expires, long avgTtlMillis) {
}
