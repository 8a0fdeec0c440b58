package com.globalremit.redis.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * {@link SessionBenchmark}'s requests measured interleaved, for ratios that survive a busy, shared machine: many
 * rounds, each giving every request a short slice in shuffled order; per round the ratio of ours to Spring
 * Session's, and the median of those ratios over the rounds. Back-to-back JMH trials see different background
 * load; requests compared within one round see the same. The pool's threads live for the whole run, so each
 * keeps its own sessions (made on its first request) as in the JMH benchmark.
 *
 * <pre>java -cp remit-redis-benchmarks/target/benchmarks.jar com.globalremit.redis.bench.SessionInterleaved [threads] [rounds] [sliceMillis]</pre>
 */
public final class SessionInterleaved {

    private SessionInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        long sliceNanos = (args.length > 2 ? Long.parseLong(args[2]) : 300) * 1_000_000L;
        SessionBenchmark bench = new SessionBenchmark();
        bench.startRedis();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, Supplier<Object>> requests = new LinkedHashMap<>();
            requests.put("remitStoreRead", bench::remitStoreRead);
            requests.put("remitSpringRead", bench::remitSpringRead);
            requests.put("springSessionRead", bench::springSessionRead);
            requests.put("springSessionIndexedRead", bench::springSessionIndexedRead);
            requests.put("remitStoreWrite", bench::remitStoreWrite);
            requests.put("remitSpringWrite", bench::remitSpringWrite);
            requests.put("springSessionWrite", bench::springSessionWrite);
            requests.put("springSessionIndexedWrite", bench::springSessionIndexedWrite);
            Map<String, double[]> perRound = measure(pool, threads, rounds, sliceNanos, requests);
            System.out.printf("%d thread(s), %d rounds x %d ms; ratios are medians of per-round ratios%n", threads,
                    rounds, sliceNanos / 1_000_000);
            System.out.printf("%-26s %10s %10s %10s %22s%n", "request", "median/s", "min", "max",
                    "x RedisSessionRepository");
            perRound.forEach((name, rates) -> {
                String peer = name.endsWith("Read") ? "springSessionRead" : "springSessionWrite";
                double[] sorted = sorted(rates);
                System.out.printf("%-26s %10.0f %10.0f %10.0f %22.2f%n", name, median(rates), sorted[0],
                        sorted[sorted.length - 1], medianRatio(rates, perRound.get(peer)));
            });
        } finally {
            pool.shutdownNow();
            bench.stop();
        }
    }

    private static Map<String, double[]> measure(ExecutorService pool, int threads, int rounds, long sliceNanos,
            Map<String, Supplier<Object>> requests) throws Exception {
        Map<String, double[]> perRound = new LinkedHashMap<>();
        requests.keySet().forEach(name -> perRound.put(name, new double[rounds]));
        List<String> order = new ArrayList<>(requests.keySet());
        Random shuffle = new Random(7);
        for (int round = -2; round < rounds; round++) { // two warm-up rounds, not kept
            Collections.shuffle(order, shuffle);
            for (String name : order) {
                double rate = slice(pool, threads, sliceNanos, requests.get(name));
                if (round >= 0) {
                    perRound.get(name)[round] = rate;
                }
            }
        }
        return perRound;
    }

    /** Requests per second of all threads together, each thread running the request until the slice ends. */
    private static double slice(ExecutorService pool, int threads, long sliceNanos, Supplier<Object> request)
            throws Exception {
        long end = System.nanoTime() + sliceNanos;
        Callable<Long> worker = () -> {
            long done = 0;
            do {
                if (request.get() == null) {
                    throw new IllegalStateException("a request returned null");
                }
                done++;
            } while (System.nanoTime() < end);
            return done;
        };
        List<Future<Long>> futures = pool.invokeAll(Collections.nCopies(threads, worker));
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        return total / ((sliceNanos + Math.max(0, System.nanoTime() - end)) / 1e9);
    }

    private static double medianRatio(double[] ours, double[] theirs) {
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            ratios[i] = ours[i] / theirs[i];
        }
        return median(ratios);
    }

    private static double median(double[] values) {
        return sorted(values)[values.length / 2];
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
