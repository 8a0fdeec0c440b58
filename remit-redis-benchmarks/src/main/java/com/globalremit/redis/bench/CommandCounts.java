package com.globalremit.redis.bench;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Redis commands seen by the server while {@code operations} operations ran.
 *
 * @param perCommand commands by lower-case name as Redis reports them ({@code get}, {@code evalsha},
 *                   {@code client|setname}); executed plus rejected calls; commands with no calls are absent
 * @param operations how many operations were run while counting
 */
public record CommandCounts(Map<String, Long> perCommand, long operations) {

    public CommandCounts {
        perCommand = Collections.unmodifiableMap(new TreeMap<>(perCommand));
        if (operations < 0) {
            throw new IllegalArgumentException("operations must be >= 0: " + operations);
        }
    }

    /** All commands, summed over command names. */
    public long total() {
        return perCommand.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #total()} divided by {@code ops}. */
    public double perOperation(long ops) {
        if (ops <= 0) {
            throw new IllegalArgumentException("ops must be > 0: " + ops);
        }
        return (double) total() / ops;
    }

    /** {@link #total()} divided by the operations that were counted. */
    public double perOperation() {
        return perOperation(operations);
    }

    /** Calls of one command divided by the operations that were counted (0 if it was never called). */
    public double perOperation(String command) {
        if (operations <= 0) {
            throw new IllegalArgumentException("no operations were counted");
        }
        return (double) perCommand.getOrDefault(command, 0L) / operations;
    }

    /** Commands per operation by command name, e.g. {@code evalsha=1, get=1}. */
    public String breakdown() {
        if (perCommand.isEmpty() || operations <= 0) {
            return "-";
        }
        return perCommand.keySet().stream()
                .map(name -> name + "=" + format(perOperation(name)))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        if (operations <= 0) {
            return "CommandCounts" + perCommand;
        }
        return format(perOperation()) + " commands/op (" + breakdown() + ") over " + operations + " ops";
    }

    /** Two decimals, trailing zeros dropped: {@code 1}, {@code 1.5}, {@code 0.33}. */
    static String format(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
