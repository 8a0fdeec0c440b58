package com.globalremit.redis.test;

/** No runnable redis-server was found; the message says how to provide one. */
public class RedisBinaryNotFoundException extends IllegalStateException {

    static final String HOW_TO_GET_REDIS = "To run Redis tests, do one of: "
            + "install redis-server (e.g. `apt-get install redis-server` or `brew install redis`); "
            + "or set REMIT_REDIS_SERVER=/path/to/redis-server; "
            + "or run Docker and pass -Dremit.redis.test=container.";

    public RedisBinaryNotFoundException(String problem) {
        super(problem + " " + HOW_TO_GET_REDIS);
    }
}
