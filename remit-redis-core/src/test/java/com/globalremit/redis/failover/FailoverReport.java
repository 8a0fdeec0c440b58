package com.globalremit.redis.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a failover drill measured: per feature the longest time without an answer from Redis, and per kind of
 * acknowledged write how many were gone afterwards. Printed and written to {@code target/failover/}.
 *
 * @param faultMillis how long the fault action itself took (e.g. the harness waiting for the promotion)
 * @param processingGapMillis longest time between two jobs completed by the worker
 * @param losses per kind: {acknowledged, lost}
 */
record FailoverReport(String scenario, long faultMillis, Map<String, Feature> features, long processingGapMillis,
        Map<String, long[]> losses) {

    /** One feature's traffic: longest gap between answered operations, first-to-last failure, and counts. */
    record Feature(long unavailableMillis, long failureWindowMillis, long answered, long failed,
            long answeredAfterFault, String lastError) {
    }

    long lost(String kind) {
        return losses.get(kind)[1];
    }

    String format() {
        StringBuilder text = new StringBuilder("Failover drill: ").append(scenario).append('\n')
                .append("fault action took ").append(faultMillis).append(" ms; ")
                .append("machine load (1 min): ").append(load()).append('\n');
        text.append(String.format("%-18s %14s %17s %9s %7s %12s%n", "feature", "longest gap ms",
                "failure window ms", "answered", "failed", "after fault"));
        features.forEach((name, f) -> text.append(String.format("%-18s %14d %17d %9d %7d %12d%n", name,
                f.unavailableMillis(), f.failureWindowMillis(), f.answered(), f.failed(), f.answeredAfterFault())));
        features.forEach((name, f) -> {
            if (!f.lastError().isEmpty()) {
                text.append(name).append(" last error: ").append(f.lastError()).append('\n');
            }
        });
        text.append("queue processing: longest gap between completed jobs ").append(processingGapMillis)
                .append(" ms\n");
        losses.forEach((kind, counts) -> text.append(String.format("lost %s: %d of %d acknowledged%n", kind,
                counts[1], counts[0])));
        return text.toString();
    }

    FailoverReport write() {
        String text = format();
        System.out.println(text);
        try {
            Path dir = Files.createDirectories(Path.of("target", "failover"));
            Files.writeString(dir.resolve(scenario + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
