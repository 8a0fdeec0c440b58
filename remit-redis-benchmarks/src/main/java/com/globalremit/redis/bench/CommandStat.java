package com.globalremit.redis.bench;

/**
 * One {@code cmdstat_<name>} line of {@code INFO commandstats}.
 *
 * <p>In Redis 7, {@code calls} counts every executed call, including the ones that failed
 * ({@code failed_calls} is a subset of {@code calls}); {@code rejected_calls} counts calls refused
 * before execution (wrong arity, ACL, OOM, ...), which are <em>not</em> in {@code calls}. Redis 6 has
 * neither of the two extra fields; they read as 0.
 *
 * @param calls         executed calls
 * @param usec          total server time spent in the command, microseconds
 * @param rejectedCalls calls rejected before execution (Redis 7+)
 * @param failedCalls   executed calls that returned an error (Redis 7+, included in {@code calls})
 */
public record CommandStat(long calls, long usec, long rejectedCalls, long failedCalls) {

    public static final CommandStat ZERO = new CommandStat(0, 0, 0, 0);

    /** Commands that reached the server for this name: executed plus rejected. */
    public long issued() {
        return calls + rejectedCalls;
    }

    public CommandStat plus(CommandStat other) {
        return new CommandStat(calls + other.calls, usec + other.usec,
                rejectedCalls + other.rejectedCalls, failedCalls + other.failedCalls);
    }

    public CommandStat minus(CommandStat other) {
        return new CommandStat(calls - other.calls, usec - other.usec,
                rejectedCalls - other.rejectedCalls, failedCalls - other.failedCalls);
    }
}
