package com.globalremit.redis.cache;

import com.globalremit.redis.script.LuaScript;
import com.globalremit.redis.script.ScriptExecutor;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** One eviction or group invalidation script call, kept so it can be sent again once Redis answers. */
record PendingInvalidation(LuaScript script, List<String> keys, String channel, String message) {

    CompletionStage<Long> run(ScriptExecutor scripts) {
        return scripts.executeAsync(script, ScriptOutputType.INTEGER, keys, channel, message);
    }
}
