package com.globalremit.redis.script;

import io.lettuce.core.RedisCommandExecutionException;

/**
 * Redis reported an error while running a Lua script ({@code ERR user_script:3: ...}, a {@code redis.error_reply},
 * a wrong-type key). Extends Lettuce's {@link RedisCommandExecutionException} so existing handlers still catch
 * it; adds which script failed. The Redis error is the cause.
 */
public class ScriptExecutionException extends RedisCommandExecutionException {

    private static final long serialVersionUID = 1L;

    private final String scriptName;
    private final String sha1;

    public ScriptExecutionException(LuaScript script, RedisCommandExecutionException cause) {
        super("Lua script " + script.name() + " (sha1 " + script.sha1() + ") failed: " + cause.getMessage(), cause);
        this.scriptName = script.name();
        this.sha1 = script.sha1();
    }

    public String scriptName() {
        return scriptName;
    }

    public String sha1() {
        return sha1;
    }
}
