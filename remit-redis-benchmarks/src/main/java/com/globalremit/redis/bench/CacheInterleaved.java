package com.globalremit.redis.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@link CacheBenchmark}'s operations measured interleaved: many short rounds, each running every operation for a
 * slice in a shuffled order, median per operation. On a shared, busy machine JMH's back-to-back trials see
 * different background load; interleaving gives every operation the same conditions, so the ratios hold even when
 * the absolute numbers do not.
 *
 * <pre>java -cp remit-redis-benchmarks/target/benchmarks.jar com.globalremit.redis.bench.CacheInterleaved [rounds] [sliceMillis] [threads]</pre>
 */
public final class CacheInterleaved {

    private CacheInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long sliceMillis = args.length > 1 ? Long.parseLong(args[1]) : 300;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        CacheBenchmark bench = new CacheBenchmark();
        bench.startRedis();
        try {
            Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
            ops.put("rawLettuceGetDecode", bench::rawLettuceGetDecode);
            ops.put("remitCachedHit", bench::remitCachedHit);
            ops.put("springCacheableHit", bench::springCacheableHit);
            ops.put("remitCachedNearHit", bench::remitCachedNearHit);
            Map<String, List<Double>> results = new LinkedHashMap<>();
            ops.keySet().forEach(name -> results.put(name, new ArrayList<>()));
            List<String> order = new ArrayList<>(ops.keySet());
            Random random = new Random(42);
            for (int round = -3; round < rounds; round++) { // 3 warm-up rounds, not recorded
                Collections.shuffle(order, random);
                for (String name : order) {
                    double opsPerSecond = run(ops.get(name), sliceMillis, threads);
                    if (round >= 0) {
                        results.get(name).add(opsPerSecond);
                    }
                }
            }
            System.out.printf("%-22s %12s %12s %12s   (%d rounds x %d ms, %d thread(s))%n", "operation",
                    "median op/s", "min", "max", rounds, sliceMillis, threads);
            results.forEach((name, values) -> {
                double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("%-22s %12.0f %12.0f %12.0f%n", name, sorted[sorted.length / 2], sorted[0],
                        sorted[sorted.length - 1]);
            });
        } finally {
            bench.stop();
        }
    }

    private static double run(Supplier<Object> op, long sliceMillis, int threads) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(threads);
        Object[] sink = new Object[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                ready.countDown();
                long n = 0;
                while (!stop.get()) {
                    sink[index] = op.get();
                    n++;
                }
                count.addAndGet(n);
                done.countDown();
            });
            thread.setDaemon(true);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        Thread.sleep(sliceMillis);
        stop.set(true);
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (Arrays.stream(sink).anyMatch(v -> v == null)) {
            throw new IllegalStateException("an operation returned null");
        }
        return count.get() / seconds;
    }
}
