package com.globalremit.redis.monitor;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What changed on one node between two samples. INFO counters run since server start, so a hit ratio read straight
 * from them hides today's problem behind last month's traffic; these are the differences over the interval.
 *
 * @param seconds length of the interval, from the server's clock ({@code server_time_usec}) when it reports one
 * @param commandsPerSecond commands processed per second (our own INFO call included)
 * @param hits keyspace hits in the interval
 * @param misses keyspace misses in the interval
 * @param evictedKeys keys evicted in the interval
 * @param expiredKeys keys expired in the interval
 * @param failedCommandsPerMinute error replies per minute ({@code total_error_replies}, 6.2+); {@code null} when the
 *        server does not count them
 * @param cpuRatio main-process CPU ({@code used_cpu_sys + used_cpu_user}) per second of the interval: 1.0 is one
 *        core fully busy; {@code null} when not reported
 */
public record IntervalStats(double seconds, double commandsPerSecond, long hits, long misses, long evictedKeys,
        long expiredKeys, Double failedCommandsPerMinute, Double cpuRatio) {

    /** Keyspace hits / (hits + misses) in the interval; {@code null} when there were no lookups. */
    public Double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? null : hits / (double) lookups;
    }

    public long lookups() {
        return hits + misses;
    }

    /**
     * The interval from {@code before} to {@code after} of the same node, or {@code null} when none can be
     * computed: the server restarted in between (counters reset, detected by {@code run_id} or a smaller uptime)
     * or no time passed.
     */
    public static IntervalStats between(NodeSnapshot before, NodeSnapshot after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        RedisInfo a = before.info();
        RedisInfo b = after.info();
        if (!a.string("run_id").equals(b.string("run_id"))
                || b.longValue("uptime_in_seconds").orElse(0) < a.longValue("uptime_in_seconds").orElse(0)) {
            return null;
        }
        double seconds = seconds(before, after);
        if (seconds <= 0) {
            return null;
        }
        OptionalLong errorsBefore = a.totalErrorReplies();
        OptionalLong errorsAfter = b.totalErrorReplies();
        Double failedPerMinute = errorsBefore.isPresent() && errorsAfter.isPresent()
                ? Math.max(0, errorsAfter.getAsLong() - errorsBefore.getAsLong()) * 60.0 / seconds : null;
        Double cpu = cpu(a, b, seconds);
        return new IntervalStats(seconds, delta(a, b, "total_commands_processed") / seconds,
                delta(a, b, "keyspace_hits"), delta(a, b, "keyspace_misses"), delta(a, b, "evicted_keys"),
                delta(a, b, "expired_keys"), failedPerMinute, cpu);
    }

    private static double seconds(NodeSnapshot before, NodeSnapshot after) {
        OptionalLong t0 = before.info().longValue("server_time_usec");
        OptionalLong t1 = after.info().longValue("server_time_usec");
        if (t0.isPresent() && t1.isPresent()) {
            return (t1.getAsLong() - t0.getAsLong()) / 1_000_000.0;
        }
        return Duration.between(before.takenAt(), after.takenAt()).toNanos() / 1e9;
    }

    private static Double cpu(RedisInfo a, RedisInfo b, double seconds) {
        OptionalDouble sys0 = a.doubleValue("used_cpu_sys");
        OptionalDouble user0 = a.doubleValue("used_cpu_user");
        OptionalDouble sys1 = b.doubleValue("used_cpu_sys");
        OptionalDouble user1 = b.doubleValue("used_cpu_user");
        if (sys0.isEmpty() || user0.isEmpty() || sys1.isEmpty() || user1.isEmpty()) {
            return null;
        }
        double used = (sys1.getAsDouble() - sys0.getAsDouble()) + (user1.getAsDouble() - user0.getAsDouble());
        return Math.max(0, used) / seconds;
    }

    private static long delta(RedisInfo a, RedisInfo b, String field) {
        return Math.max(0, b.longValue(field).orElse(0) - a.longValue(field).orElse(0));
    }
}
