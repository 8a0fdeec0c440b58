package com.globalremit.redis.script;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import com.globalremit.redis.connection.RemitRedisClient;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Runs {@link LuaScript}s: EVALSHA first (only the 40-byte digest travels), and on {@code NOSCRIPT} (server
 * restarted, failed over, or {@code SCRIPT FLUSH}ed) EVAL with the source, which also puts the script back into
 * the server's cache. Lettuce has no such fallback of its own. Thread-safe.
 *
 * <p>Keys are checked before anything is sent: none may be null or empty and all must hash to the same cluster
 * slot. The slot rule is enforced in every mode, not only on a cluster, so a script that works against a
 * standalone server in development cannot start failing with {@code CROSSSLOT} in a clustered production. On a
 * cluster Lettuce sends the script to the master owning the first key's slot; a script without keys runs on an
 * arbitrary node.
 *
 * <p>Result types follow Lettuce's {@link ScriptOutputType}: {@code INTEGER} gives {@code Long}, {@code VALUE}
 * gives {@code byte[]}, {@code STATUS} gives {@code String}, {@code BOOLEAN} gives {@code Boolean}, {@code MULTI}
 * gives {@code List<Object>} (nested values as {@code byte[]} and {@code Long}). A Redis error raised by the
 * script surfaces as {@link ScriptExecutionException}; timeouts and connection failures pass through unchanged.
 */
public final class ScriptExecutor {

    private static final byte[][] NO_ARGS = new byte[0][];

    private final RedisClusterCommands<String, byte[]> sync;
    private final RedisClusterAsyncCommands<String, byte[]> async;

    /** Runs scripts over the given command interfaces (normally the same shared connection). */
    public ScriptExecutor(RedisClusterCommands<String, byte[]> sync, RedisClusterAsyncCommands<String, byte[]> async) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.async = Objects.requireNonNull(async, "async");
    }

    /** Runs scripts over the client's shared {@code byte[]} connection. */
    public static ScriptExecutor create(RemitRedisClient client) {
        Objects.requireNonNull(client, "client");
        return new ScriptExecutor(client.sync(), client.async());
    }

    public <T> T execute(LuaScript script, ScriptOutputType type, List<String> keys) {
        return execute(script, type, keys, NO_ARGS);
    }

    public <T> T execute(LuaScript script, ScriptOutputType type, List<String> keys, String... args) {
        return execute(script, type, keys, utf8(args));
    }

    /**
     * Runs the script and waits for its result (at most the connection's command timeout per round trip).
     *
     * @throws IllegalArgumentException when keys are null, empty or hash to different slots
     * @throws ScriptExecutionException when Redis reports an error from the script
     */
    public <T> T execute(LuaScript script, ScriptOutputType type, List<String> keys, byte[]... args) {
        String[] keyArray = checkedKeys(script, type, keys);
        byte[][] values = args == null ? NO_ARGS : args;
        try {
            try {
                return sync.evalsha(script.sha1(), type, keyArray, values);
            } catch (RedisNoScriptException e) {
                return sync.eval(script.sourceBytesNoCopy(), type, keyArray, values);
            }
        } catch (RedisCommandExecutionException e) {
            throw new ScriptExecutionException(script, e);
        }
    }

    public <T> CompletionStage<T> executeAsync(LuaScript script, ScriptOutputType type, List<String> keys) {
        return executeAsync(script, type, keys, NO_ARGS);
    }

    public <T> CompletionStage<T> executeAsync(LuaScript script, ScriptOutputType type, List<String> keys,
            String... args) {
        return executeAsync(script, type, keys, utf8(args));
    }

    /**
     * Runs the script without blocking. Argument errors (bad keys) are thrown at once; everything else completes
     * the returned stage exceptionally, Redis script errors as {@link ScriptExecutionException}.
     */
    public <T> CompletionStage<T> executeAsync(LuaScript script, ScriptOutputType type, List<String> keys,
            byte[]... args) {
        String[] keyArray = checkedKeys(script, type, keys);
        byte[][] values = args == null ? NO_ARGS : args;
        CompletableFuture<T> result = new CompletableFuture<>();
        async.<T>evalsha(script.sha1(), type, keyArray, values).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (unwrap(error) instanceof RedisNoScriptException) {
                // Runs on a Lettuce event-loop thread: fine, this only enqueues another command.
                async.<T>eval(script.sourceBytesNoCopy(), type, keyArray, values).whenComplete((retried, again) -> {
                    if (again == null) {
                        result.complete(retried);
                    } else {
                        result.completeExceptionally(translate(script, again));
                    }
                });
            } else {
                result.completeExceptionally(translate(script, error));
            }
        });
        return result;
    }

    private static String[] checkedKeys(LuaScript script, ScriptOutputType type, List<String> keys) {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keys, "keys (use List.of() for a script without keys)");
        String[] array = new String[keys.size()];
        int firstSlot = -1;
        for (int i = 0; i < array.length; i++) {
            String key = keys.get(i);
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("Lua script " + script.name() + ": keys[" + i + "] must not be "
                        + (key == null ? "null" : "empty"));
            }
            int slot = SlotHash.getSlot(key);
            if (i == 0) {
                firstSlot = slot;
            } else if (slot != firstSlot) {
                throw new IllegalArgumentException("Lua script " + script.name() + ": all keys must hash to one"
                        + " cluster slot (give them a common hash tag such as {id}), but keys[0] '" + array[0]
                        + "' is in slot " + firstSlot + " and keys[" + i + "] '" + key + "' in slot " + slot);
            }
            array[i] = key;
        }
        return array;
    }

    private static byte[][] utf8(String[] args) {
        if (args == null || args.length == 0) {
            return NO_ARGS;
        }
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new IllegalArgumentException("args[" + i + "] must not be null");
            }
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable translate(LuaScript script, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof RedisCommandExecutionException e) {
            return new ScriptExecutionException(script, e);
        }
        return cause;
    }
}
