package com.globalremit.redis.test;

/** An error reply ("-ERR ...", "-READONLY ...") from a server this module talks to directly. */
final class RedisErrorReply extends RuntimeException {

    RedisErrorReply(String message) {
        super(message);
    }

    /** The error prefix, e.g. "READONLY" or "NOAUTH". */
    String code() {
        String message = getMessage();
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
