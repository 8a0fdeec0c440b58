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
 * After the rounds it counts, one thread, the Redis commands per check of every variant (inner script commands
 * included) and EVALSHA's server time per call (commandstats); during the rounds, Redis's CPU per check and how
 * busy its one thread was (INFO cpu), and this JVM's CPU per check: which side the time goes to.
 *
 * Run: {@code java -cp remit-redis-benchmarks/target/benchmarks.jar com.globalremit.redis.bench.RateLimitInterleaved [rounds] [sliceMs]}
 */
public final class RateLimitInterleaved {

    /** CPU time of this whole JVM (benchmark threads, Lettuce's event loop, JIT, GC): the client's side. */
    private static final com.sun.management.OperatingSystemMXBean CLIENT_CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();

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
                ops.put("remitPathTrivialScript", () -> call(b::remitPathTrivialScript));
                ops.put("remitSlidingLog", b::remitSlidingLog);
                ops.put("remitSlidingLogNoMemory", b::remitSlidingLogNoMemory);
                ops.put("remitSlidingCounter", b::remitSlidingCounter);
                ops.put("bucket4jLettuce", b::bucket4jLettuce);
                ops.put("documentFourCommands", b::documentFourCommands);
                for (int threads : new int[] {1, 8}) {
                    run(b, keys, threads, rounds, sliceMs, ops);
                }
                countCommands(b, keys, ops);
            } finally {
                b.stop();
            }
        }
    }

    private static boolean call(java.util.concurrent.Callable<?> op) {
        try {
            return op.call() != null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(RateLimitBenchmark b, int keys, int threads, int rounds, long sliceMs,
            Map<String, BooleanSupplier> ops) throws Exception {
        Map<String, double[]> rates = new LinkedHashMap<>();
        ops.keySet().forEach(name -> rates.put(name, new double[rounds]));
        // Redis CPU seconds and checks per variant over all measured slices: is Redis's one thread the limit?
        Map<String, double[]> redisCpu = new LinkedHashMap<>();
        ops.keySet().forEach(name -> redisCpu.put(name, new double[4]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // one unmeasured round to warm up
            for (Map.Entry<String, BooleanSupplier> op : ops.entrySet()) {
                slice(pool, threads, sliceMs, op.getValue());
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, BooleanSupplier> op : ops.entrySet()) {
                    double cpuBefore = redisCpuSeconds(b);
                    long clientBefore = CLIENT_CPU.getProcessCpuTime();
                    long begin = System.nanoTime();
                    double rate = slice(pool, threads, sliceMs, op.getValue());
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    double[] cpu = redisCpu.get(op.getKey());
                    cpu[0] += redisCpuSeconds(b) - cpuBefore;
                    cpu[1] += rate * seconds;
                    cpu[2] += seconds;
                    cpu[3] += (CLIENT_CPU.getProcessCpuTime() - clientBefore) / 1e9;
                    rates.get(op.getKey())[r] = rate;
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
            double[] cpu = redisCpu.get(e.getKey());
            System.out.printf("interleaved keys=%-5d threads=%d %-24s median %8.0f checks/s  (p25 %8.0f, p75 %8.0f)"
                    + "  median ratio to raw EVALSHA %.2f  Redis CPU %5.1f us/check, %3.0f%% of a core;"
                    + " client JVM CPU %5.1f us/check%n", keys, threads, e.getKey(), pct(e.getValue(), 50),
                    pct(e.getValue(), 25), pct(e.getValue(), 75), pct(ratio, 50), perCheck(cpu[0], cpu[1]),
                    100 * cpu[0] / cpu[2], perCheck(cpu[3], cpu[1]));
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

    private static double perCheck(double cpuSeconds, double checks) {
        return checks > 0 ? cpuSeconds * 1e6 / checks : 0;
    }

    /** used_cpu_user + used_cpu_sys of the benchmark's Redis (INFO cpu, microsecond resolution). */
    private static double redisCpuSeconds(RateLimitBenchmark b) {
        String info = b.redis.info("cpu");
        return Double.parseDouble(RedisBenchmarkState.infoField(info, "used_cpu_user"))
                + Double.parseDouble(RedisBenchmarkState.infoField(info, "used_cpu_sys"));
    }

    /**
     * Commands per check (scripts' inner commands included, as {@link RedisCommandCounter} counts them) and the
     * server time of one script run (commandstats usec of EVALSHA, inner commands included), one thread.
     */
    private static void countCommands(RateLimitBenchmark b, int keys, Map<String, BooleanSupplier> ops)
            throws Exception {
        RedisCommandCounter counter = RedisCommandCounter.of(b.connection);
        long checks = 2000;
        for (Map.Entry<String, BooleanSupplier> op : ops.entrySet()) {
            Map<String, CommandStat> before = counter.snapshot();
            for (long i = 0; i < checks; i++) {
                op.getValue().getAsBoolean();
            }
            Map<String, CommandStat> after = counter.snapshot();
            CommandCounts counts = RedisCommandCounter.delta(before, after, checks);
            CommandStat evalsha = after.getOrDefault("evalsha", CommandStat.ZERO)
                    .minus(before.getOrDefault("evalsha", CommandStat.ZERO));
            String script = evalsha.calls() == 0 ? "" : String.format(java.util.Locale.ROOT,
                    "; EVALSHA %.2f us/call in Redis (commandstats, inner commands included)",
                    (double) evalsha.usec() / evalsha.calls());
            System.out.printf("commands keys=%-5d %-24s %s%s%n", keys, op.getKey(), counts, script);
        }
    }

    private static double pct(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.round((p / 100.0) * (sorted.length - 1)))];
    }
}
