package com.globalremit.redis.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** Key checks happen before anything is sent: the command interfaces here record calls and fail. */
class ScriptExecutorKeyCheckTest {

    private final List<String> calls = new ArrayList<>();
    private final ScriptExecutor executor = new ScriptExecutor(recording(RedisClusterCommands.class),
            recording(RedisClusterAsyncCommands.class));
    private final LuaScript script = LuaScript.of("test.lua", "return 1");

    @Test
    void keysInDifferentSlotsAreRefusedNamingBothKeys() {
        assertThat(SlotHash.getSlot("a")).isNotEqualTo(SlotHash.getSlot("b"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> executor.execute(script, ScriptOutputType.INTEGER, List.of("a", "b")))
                .withMessage("Lua script test.lua: all keys must hash to one cluster slot (give them a common hash"
                        + " tag such as {id}), but keys[0] 'a' is in slot " + SlotHash.getSlot("a")
                        + " and keys[1] 'b' in slot " + SlotHash.getSlot("b"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> executor.executeAsync(script, ScriptOutputType.INTEGER, List.of("x:{1}", "y:{2}")));
        assertThat(calls).isEmpty();
    }

    @Test
    void nullOrEmptyKeysAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> executor.execute(script, ScriptOutputType.INTEGER, Arrays.asList("a", null)))
                .withMessage("Lua script test.lua: keys[1] must not be null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> executor.execute(script, ScriptOutputType.INTEGER, List.of("")))
                .withMessage("Lua script test.lua: keys[0] must not be empty");
        assertThatNullPointerException().isThrownBy(() -> executor.execute(script, ScriptOutputType.INTEGER, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> executor.execute(script, ScriptOutputType.INTEGER, List.of("k"), "a", null))
                .withMessage("args[1] must not be null");
        assertThat(calls).isEmpty();
    }

    @Test
    void keysSharingAHashTagPassTheCheck() {
        // They reach the (recording) command interface, which proves the check let them through.
        try {
            executor.execute(script, ScriptOutputType.INTEGER, List.of("rate:{client-42}:minute",
                    "rate:{client-42}:hour"));
        } catch (UnsupportedOperationException expected) {
            // the recording stub
        }
        assertThat(calls).containsExactly("evalsha");
    }

    @SuppressWarnings("unchecked")
    private <T> T recording(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            calls.add(method.getName());
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
