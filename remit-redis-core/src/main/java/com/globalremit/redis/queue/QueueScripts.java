package com.globalremit.redis.queue;

import com.globalremit.redis.script.LuaScript;

/** The queue's scripts, one per state change, each prefixed with the shared queue_common.lua. */
final class QueueScripts {

    /** Without the prelude: it needs none of it, and on the enqueue's round trip the prelude's cost shows. */
    static final LuaScript ENQUEUE = LuaScript.fromResource(QueueScripts.class, "enqueue.lua");
    static final LuaScript FETCH = load("fetch.lua");
    static final LuaScript FETCH_MANY = load("fetch_many.lua");
    static final LuaScript RELEASE = load("release.lua");
    static final LuaScript COMPLETE = load("complete.lua");
    static final LuaScript FAIL = load("fail.lua");
    static final LuaScript RENEW = load("renew.lua");
    static final LuaScript MAINTAIN = load("maintain.lua");
    static final LuaScript COUNTS = load("counts.lua");
    static final LuaScript DEAD_LIST = load("dead_list.lua");
    static final LuaScript DEAD_RETRY = load("dead_retry.lua");
    static final LuaScript DEAD_DELETE = load("dead_delete.lua");

    private QueueScripts() {
    }

    private static LuaScript load(String name) {
        return LuaScript.withPrelude(QueueScripts.class, "queue_common.lua", name);
    }
}
