/**
 * Building Lettuce connections for standalone, Sentinel and Cluster deployments from one
 * {@link com.globalremit.redis.connection.RedisConnectionSettings} value, with options that fail fast
 * during an outage instead of buffering commands without bound.
 *
 * <p>Entry point: {@link com.globalremit.redis.connection.RemitRedisClient#create(RedisConnectionSettings)}.
 */
package com.globalremit.redis.connection;
