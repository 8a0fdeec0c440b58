package com.globalremit.redis.cache;

/** A loader threw a checked exception; the cause is that exception. Runtime exceptions pass through unwrapped. */
public class CacheLoadException extends RuntimeException {

    public CacheLoadException(String type, Throwable cause) {
        super("Loader of cache type " + type + " failed: " + cause.getClass().getName(), cause);
    }
}
