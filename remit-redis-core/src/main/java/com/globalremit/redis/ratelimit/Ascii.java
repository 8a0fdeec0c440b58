package com.globalremit.redis.ratelimit;

/**
 * Script arguments written straight into bytes: a check runs per request, and going through a {@code String}
 * and a charset encoder per argument is measurable at tens of thousands of checks per second.
 */
final class Ascii {

    /** 64 symbols, none of them '.', which the log script appends before a unit index when cost > 1. */
    private static final byte[] SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int PREFIX_LENGTH = 11;

    private Ascii() {
    }

    /** Decimal digits of a non-negative number. */
    static byte[] digits(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int length = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            length++;
        }
        byte[] out = new byte[length];
        long v = value;
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        return out;
    }

    /** All 64 bits of {@code random} in 11 symbols: a fixed length, so prefix + sequence cannot collide. */
    static byte[] memberPrefix(long random) {
        byte[] out = new byte[PREFIX_LENGTH];
        long v = random;
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            out[i] = SYMBOLS[(int) (v & 63)];
            v >>>= 6;
        }
        return out;
    }

    /**
     * A log member unique to this request: the instance's fixed-length random prefix then the sequence number in
     * base 64 (a few bytes). Unique across instances with overwhelming probability, and cheap: no SecureRandom or
     * UUID per check, and short, since each member is stored once per admitted request.
     */
    static byte[] member(byte[] prefix, long sequence) {
        int length = 1;
        for (long v = sequence >>> 6; v != 0; v >>>= 6) {
            length++;
        }
        byte[] out = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        long v = sequence;
        for (int i = out.length - 1; i >= prefix.length; i--) {
            out[i] = SYMBOLS[(int) (v & 63)];
            v >>>= 6;
        }
        return out;
    }
}
