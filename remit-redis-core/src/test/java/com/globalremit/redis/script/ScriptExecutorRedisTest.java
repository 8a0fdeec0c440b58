package com.globalremit.redis.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RedisConnectionSettings;
import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.test.RedisServer;
import com.globalremit.redis.test.RemitRedis;

import io.lettuce.core.ScriptOutputType;

@RemitRedis
class ScriptExecutorRedisTest {

    private static final LuaScript INCR_BY = LuaScript.of("incr_by.lua",
            "return redis.call('INCRBY', KEYS[1], ARGV[1])");
    private static final LuaScript SET_PAIR = LuaScript.fromResource(ScriptExecutorRedisTest.class, "set_pair.lua");

    private RemitRedisClient redis;
    private ScriptExecutor scripts;

    @BeforeEach
    void connect(RedisServer server) {
        redis = RemitRedisClient.create(RedisConnectionSettings.standalone(server.host() + ":" + server.port())
                .build());
        scripts = ScriptExecutor.create(redis);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void localSha1MatchesScriptLoad() {
        assertThat(redis.sync().scriptLoad(INCR_BY.source())).isEqualTo(INCR_BY.sha1());
        assertThat(redis.sync().scriptLoad(SET_PAIR.source())).isEqualTo(SET_PAIR.sha1());
    }

    @Test
    void aScriptCallsAFunctionOfItsPrelude() {
        LuaScript script = LuaScript.withPrelude(ScriptExecutorRedisTest.class, "prelude_double.lua",
                "uses_prelude.lua");
        Long result = scripts.execute(script, ScriptOutputType.INTEGER, List.of("unused"), "21");
        assertThat(result).isEqualTo(42L);
    }

    @Test
    void fallsBackToEvalAfterScriptFlushWithTheSameResult() {
        Long first = scripts.execute(INCR_BY, ScriptOutputType.INTEGER, List.of("counter"), "5");
        assertThat(first).isEqualTo(5L);
        assertThat(redis.sync().scriptExists(INCR_BY.sha1())).containsExactly(true);

        redis.sync().scriptFlush();
        assertThat(redis.sync().scriptExists(INCR_BY.sha1())).containsExactly(false);

        Long second = scripts.execute(INCR_BY, ScriptOutputType.INTEGER, List.of("counter"), "5");
        assertThat(second).isEqualTo(10L);
        // EVAL put it back into the cache, so the next call is an EVALSHA hit again.
        assertThat(redis.sync().scriptExists(INCR_BY.sha1())).containsExactly(true);
    }

    @Test
    void asyncFallsBackToo() throws Exception {
        redis.sync().scriptFlush();
        Long value = scripts.<Long>executeAsync(INCR_BY, ScriptOutputType.INTEGER, List.of("counter"), "7")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(value).isEqualTo(7L);
        redis.sync().scriptFlush();
        Long again = scripts.<Long>executeAsync(INCR_BY, ScriptOutputType.INTEGER, List.of("counter"), "1")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(again).isEqualTo(8L);
    }

    @Test
    void multiResultWithByteArgsFromAResourceScript() {
        List<Object> result = scripts.execute(SET_PAIR, ScriptOutputType.MULTI, List.of("pair:{1}:a", "pair:{1}:b"),
                new byte[] {1, 2}, "zwei".getBytes(StandardCharsets.UTF_8));
        assertThat(result).hasSize(2);
        assertThat((byte[]) result.get(0)).containsExactly(1, 2);
        assertThat((byte[]) result.get(1)).isEqualTo("zwei".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scriptErrorsSurfaceAsScriptExecutionException() {
        LuaScript failing = LuaScript.of("failing.lua", "return redis.error_reply('LIMIT exceeded for ' .. KEYS[1])");
        assertThatThrownBy(() -> scripts.execute(failing, ScriptOutputType.STATUS, List.of("k")))
                .isInstanceOf(ScriptExecutionException.class)
                .hasMessageContaining("failing.lua").hasMessageContaining("LIMIT exceeded for k");

        redis.sync().set("text", "not a number".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> scripts.execute(INCR_BY, ScriptOutputType.INTEGER, List.of("text"), "1"))
                .isInstanceOf(ScriptExecutionException.class)
                .hasMessageContaining("not an integer");

        LuaScript broken = LuaScript.of("broken.lua", "this is not lua");
        assertThatThrownBy(() -> scripts.execute(broken, ScriptOutputType.STATUS, List.of()))
                .isInstanceOf(ScriptExecutionException.class).hasMessageContaining("broken.lua");

        assertThatThrownBy(() -> scripts.executeAsync(failing, ScriptOutputType.STATUS, List.of("k"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ScriptExecutionException.class);
    }
}
