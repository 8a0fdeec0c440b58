package com.globalremit.redis.bench;

import com.globalremit.redis.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Base of every benchmark: a benchmark class extends it and is its own {@code @State}.
 *
 * <ul>
 *   <li>{@link #startRedis()} (trial setup) starts a private redis-server from {@code remit-redis-test},
 *       opens {@link #client}/{@link #connection}/{@link #redis}, then calls {@link #prepare()};</li>
 *   <li>{@link #countCommandsAndStop(BenchmarkParams)} (trial teardown), after the measurement, runs the
 *       benchmark's operation {@value #DEFAULT_COUNT_OPS} times (outside JMH timing) under a
 *       {@link RedisCommandCounter} and hands the commands per operation to the runner, then closes everything.</li>
 * </ul>
 *
 * <p>To add a benchmark: extend this class, create keys/scripts/peer clients in {@link #prepare()} (register
 * what must be closed with {@link #closeAfterTrial}), write no-argument {@code @Benchmark} methods that return
 * their result. The operation counted for a benchmark method is that same method, called by reflection; override
 * {@link #countedOperation(String)} for methods that take a {@code Blackhole} or other JMH arguments. Do not
 * declare another {@code @Setup(Level.Trial)}: JMH does not promise the order of inherited fixture methods.
 *
 * <p>The annotations below are short 2-core defaults for running with JMH's own main;
 * {@link BenchmarkMain} sets them explicitly anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public abstract class RedisBenchmarkState {

    /** Directory the teardown writes the counts to (set by {@link BenchmarkMain}); unset: printed only. */
    public static final String COMMANDS_DIR_PROPERTY = "remit.bench.commands.dir";
    /** How many operations the teardown counts commands over. */
    public static final String COUNT_OPS_PROPERTY = "remit.bench.count.ops";
    public static final long DEFAULT_COUNT_OPS = 1000;

    protected RedisServer server;
    protected RedisClient client;
    protected StatefulRedisConnection<String, String> connection;
    /** Sync commands of {@link #connection}. */
    protected RedisCommands<String, String> redis;

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    @Setup(Level.Trial)
    public final void startRedis() throws Exception {
        server = startServer();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        redis = connection.sync();
        prepare();
    }

    /** Starts the server the benchmark runs against; override for other server options. */
    protected RedisServer startServer() throws Exception {
        return RedisServer.builder().start();
    }

    /** Creates the data and clients the benchmark needs; {@link #redis} is connected. */
    protected void prepare() throws Exception {
    }

    /** Closes {@code resource} at the end of the trial, before the client and server (last registered, first closed). */
    protected final <T extends AutoCloseable> T closeAfterTrial(T resource) {
        closeables.push(resource);
        return resource;
    }

    /**
     * The counter used after the measurement; counts on {@link #connection}'s server. Override for benchmarks
     * against several nodes ({@link RedisCommandCounter#of(java.util.List)}).
     */
    protected RedisCommandCounter commandCounter() {
        return RedisCommandCounter.of(connection);
    }

    /**
     * The operation whose commands are counted for benchmark method {@code benchmarkMethod}: by default that
     * public no-argument method itself, called by reflection.
     */
    protected RedisCommandCounter.Operation countedOperation(String benchmarkMethod) throws Exception {
        Method method;
        try {
            method = getClass().getMethod(benchmarkMethod);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("@Benchmark " + benchmarkMethod + " takes arguments: override "
                    + "countedOperation(String) in " + getClass().getName(), e);
        }
        return () -> {
            try {
                method.invoke(this);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        };
    }

    @TearDown(Level.Trial)
    public final void countCommandsAndStop(BenchmarkParams params) throws Exception {
        try {
            countCommands(params);
        } finally {
            stop();
        }
    }

    private void countCommands(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        Map<String, String> paramValues = new LinkedHashMap<>();
        for (String name : params.getParamsKeys()) {
            paramValues.put(name, params.getParam(name));
        }
        String key = CommandCountsStore.key(benchmark, paramValues);
        try {
            long ops = Long.getLong(COUNT_OPS_PROPERTY, DEFAULT_COUNT_OPS);
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            RedisCommandCounter.Operation operation = countedOperation(method);
            CommandCounts counts = commandCounter().measure(ops, operation);
            CommandCountsStore.Entry entry = new CommandCountsStore.Entry(key, counts, redisVersion());
            System.out.println("Redis commands for " + key + ": " + counts);
            String dir = System.getProperty(COMMANDS_DIR_PROPERTY);
            if (dir != null && !dir.isBlank()) {
                CommandCountsStore.write(Path.of(dir), entry);
            }
        } catch (Exception e) {
            // the timing results are still worth having: report and go on
            System.err.println("Could not count Redis commands for " + key + ": " + e);
            e.printStackTrace();
        }
    }

    /** {@code redis_version} of the benchmark server. */
    protected String redisVersion() {
        return infoField(redis.info("server"), "redis_version");
    }

    static String infoField(String info, String field) {
        for (String line : info.split("\\r?\\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "unknown";
    }

    /** Closes what {@link #closeAfterTrial} registered, the connection, the client and the server. */
    final void stop() throws Exception {
        Exception failure = null;
        while (!closeables.isEmpty()) {
            failure = closeQuietly(closeables.pop(), failure);
        }
        failure = closeQuietly(connection, failure);
        if (client != null) {
            try {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = add(failure, e);
            }
        }
        failure = closeQuietly(server, failure);
        connection = null;
        redis = null;
        client = null;
        server = null;
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception closeQuietly(AutoCloseable resource, Exception failure) {
        if (resource == null) {
            return failure;
        }
        try {
            resource.close();
            return failure;
        } catch (Exception e) {
            return add(failure, e);
        }
    }

    private static Exception add(Exception failure, Exception e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }
}
