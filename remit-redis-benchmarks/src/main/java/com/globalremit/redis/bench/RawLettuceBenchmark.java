package com.globalremit.redis.bench;

import io.lettuce.core.ScriptOutputType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Baseline: plain Lettuce, sync API, one connection, one thread. What every remit-redis pattern and every peer
 * library is compared with.
 *
 * <ul>
 *   <li>{@link #get()}: {@code GET} of an existing key with a 32-byte value: one round trip, 1 command;</li>
 *   <li>{@link #evalsha()}: {@code EVALSHA} of a loaded script that does the same {@code GET}: one round trip,
 *       2 commands as the server counts them ({@code evalsha} plus the {@code get} inside the script).</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class RawLettuceBenchmark extends RedisBenchmarkState {

    static final String KEY = "bench:raw:key";
    static final String VALUE = "v".repeat(32);
    static final String SCRIPT = "return redis.call('GET', KEYS[1])";

    private final String[] keys = {KEY};
    private String sha;

    @Override
    protected void prepare() {
        redis.set(KEY, VALUE);
        sha = redis.scriptLoad(SCRIPT);
    }

    @Benchmark
    public String get() {
        return redis.get(KEY);
    }

    @Benchmark
    public String evalsha() {
        return redis.evalsha(sha, ScriptOutputType.VALUE, keys);
    }
}
