/**
 * Lua scripts: {@link com.globalremit.redis.script.LuaScript} loads a script kept beside its Java caller and
 * hashes it; {@link com.globalremit.redis.script.ScriptExecutor} runs it with EVALSHA, falling back to EVAL when
 * the server's script cache does not know it.
 */
package com.globalremit.redis.script;
