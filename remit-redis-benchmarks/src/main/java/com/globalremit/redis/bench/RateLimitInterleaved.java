package com.globalremit.redis.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A companion to {@link RateLimitBenchmark} for a shared, loaded machine, where JMH's consecutive trials see
 * different background load: the same operations, run in short alternating slices (every variant once per
 * round, many rounds), reporting each variant's median throughput and its median ratio to the raw EVALSHA
 * ceiling measured in the same round.
 *
 * Run: {@code java -cp remit-redis-benchmarks/target/benchmarks.jar com.globalremit.redis.bench.RateLimitInterleaved [rounds] [sliceMs]}
 */
public final class RateLimitInterleaved {

    private RateLimitInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long sliceMs = args.length > 1 ? Long.parseLong(args[1]) : 300;
        for (int keys : new int[] {1, 10_000}) {
            RateLimitBenchmark b = new RateLimitBenchmark();
            b.keys = keys;
            b.startRedis();
            try {
                Map<String, BooleanSupplier> ops = new LinkedHashMap<>();
                ops.put("rawEvalshaTrivial", () -> b.rawEvalshaTrivial() != null);
                ops.put("remitSlidingLog", b::remitSlidingLog);
                ops.put("remitSlidingLogNoMemory", b::remitSlidingLogNoMemory);
                ops.put("remitSlidingCounter", b::remitSlidingCounter);
                ops.put("bucket4jLettuce", b::bucket4jLettuce);
                ops.put("documentFourCommands", b::documentFourCommands);
                for (int threads : new int[] {1, 8}) {
                    run(keys, threads, rounds, sliceMs, ops);
                }
            } finally {
                b.stop();
            }
        }
    }

    private static void run(int keys, int threads, int rounds, long sliceMs, Map<String, BooleanSupplier> ops)
            throws Exception {
        Map<String, double[]> rates = new LinkedHashMap<>();
        ops.keySet().forEach(name -> rates.put(name, new double[rounds]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // one unmeasured round to warm up
            for (Map.Entry<String, BooleanSupplier> op : ops.entrySet()) {
                slice(pool, threads, sliceMs, op.getValue());
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, BooleanSupplier> op : ops.entrySet()) {
                    rates.get(op.getKey())[r] = slice(pool, threads, sliceMs, op.getValue());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double[] ceiling = rates.get("rawEvalshaTrivial");
        for (Map.Entry<String, double[]> e : rates.entrySet()) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = e.getValue()[r] / ceiling[r];
            }
            System.out.printf("interleaved keys=%-5d threads=%d %-24s median %8.0f checks/s  (p25 %8.0f, p75 %8.0f)"
                    + "  median ratio to raw EVALSHA %.2f%n", keys, threads, e.getKey(), pct(e.getValue(), 50),
                    pct(e.getValue(), 25), pct(e.getValue(), 75), pct(ratio, 50));
        }
    }

    private static double slice(ExecutorService pool, int threads, long sliceMs, BooleanSupplier op)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                start.await();
                long n = 0;
                while (!stop.get()) {
                    op.getAsBoolean();
                    n++;
                }
                return n;
            }));
        }
        long begin = System.nanoTime();
        start.countDown();
        TimeUnit.MILLISECONDS.sleep(sliceMs);
        stop.set(true);
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get(30, TimeUnit.SECONDS);
        }
        return total / ((System.nanoTime() - begin) / 1e9);
    }

    private static double pct(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.round((p / 100.0) * (sorted.length - 1)))];
    }
}
