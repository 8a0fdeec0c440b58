/**
 * Monitoring without Spring: {@link com.globalremit.redis.monitor.RedisInfo} parses {@code INFO},
 * {@link com.globalremit.redis.monitor.RedisMonitor} samples every node and computes what changed over the
 * interval, {@link com.globalremit.redis.monitor.AlertEvaluator} turns samples into alerts with the design
 * document's thresholds, and {@link com.globalremit.redis.monitor.ConfigurationAdvisor} compares a live server with
 * the recommended profile for the roles it serves. Nothing here ever changes server configuration.
 */
package com.globalremit.redis.monitor;
