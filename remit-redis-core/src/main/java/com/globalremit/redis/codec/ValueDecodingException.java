package com.globalremit.redis.codec;

/**
 * A stored value could not be decoded: truncated, corrupt, written in another format (no header, another client),
 * not valid JSON, or not convertible to the requested type. Callers of a cache treat it as a miss.
 *
 * <p>The message holds only the value's length, its header byte, the target type and the kind of failure, never
 * any of the value's content (it may be personal data), which is also why the Jackson or LZ4 exception is not
 * attached as the cause: its message quotes the input.
 */
public class ValueDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int length;
    private final int header;

    public ValueDecodingException(String message, int length, int header) {
        super(message);
        this.length = length;
        this.header = header;
    }

    /** Length of the stored value in bytes. */
    public int length() {
        return length;
    }

    /** The header byte (0..255), or -1 for an empty value. */
    public int header() {
        return header;
    }
}
