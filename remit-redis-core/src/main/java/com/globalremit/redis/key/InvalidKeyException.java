package com.globalremit.redis.key;

/**
 * A key (or key pattern) part that would produce an ambiguous, unsafe or oversized Redis key. The message names
 * the part ({@code namespace}, {@code id[1]}, {@code suffix}, ...) and the rejected value, with control and
 * invisible characters escaped as {@code \}{@code uXXXX}.
 */
public class InvalidKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String part;

    public InvalidKeyException(String part, String message) {
        super(message);
        this.part = part;
    }

    /** The name of the rejected part, e.g. {@code id[0]}, or {@code key} for the whole key. */
    public String part() {
        return part;
    }
}
