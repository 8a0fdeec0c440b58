package com.globalremit.redis.key;

import java.util.regex.Pattern;

/**
 * The key naming convention {@code [prefix:]namespace:entity[:id...][:sub-entity][:suffix]}, e.g.
 * {@code remit:client:profile:123}, {@code remit:exchange:rate:USD:EUR},
 * {@code remit:client:transactions:123:recent}. Immutable and thread-safe; create one per application and start
 * each key with {@link #key(String, String)}.
 *
 * @param prefix application prefix (may itself hold separators, e.g. {@code remit:eu}), or {@code ""} for none;
 *        a trailing separator is dropped, so {@code "remit"} and {@code "remit:"} mean the same
 * @param maxLength longest key accepted, in UTF-8 bytes (default 512: long keys cost memory on every access)
 * @param separator between parts, {@code ':'} by default
 */
public record KeyNaming(String prefix, int maxLength, char separator) {

    public static final int DEFAULT_MAX_LENGTH = 512;
    public static final char DEFAULT_SEPARATOR = ':';

    /** No prefix, 512 bytes, {@code ':'}. */
    public static final KeyNaming DEFAULT = new KeyNaming("", DEFAULT_MAX_LENGTH, DEFAULT_SEPARATOR);

    public KeyNaming {
        KeyParts.requireValidSeparator(separator);
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, but was " + maxLength);
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && prefix.charAt(prefix.length() - 1) == separator) {
            prefix = prefix.substring(0, prefix.length() - 1);
            if (prefix.isEmpty()) {
                throw new InvalidKeyException("prefix", "Key part prefix must not be only the separator '"
                        + separator + "'");
            }
        }
        if (!prefix.isEmpty()) {
            String[] segments = prefix.split(Pattern.quote(String.valueOf(separator)), -1);
            for (int i = 0; i < segments.length; i++) {
                KeyParts.requireValid(segments.length == 1 ? "prefix" : "prefix[" + i + "]", segments[i],
                        separator);
            }
        }
    }

    /** The default convention under an application prefix: {@code withPrefix("remit")} gives {@code remit:...}. */
    public static KeyNaming withPrefix(String prefix) {
        return new KeyNaming(prefix, DEFAULT_MAX_LENGTH, DEFAULT_SEPARATOR);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a key; both parts are validated now.
     *
     * @throws InvalidKeyException when a part is empty, holds whitespace, control characters, braces or the
     *         separator
     */
    public KeyBuilder key(String namespace, String entity) {
        return new KeyBuilder(this, namespace, entity);
    }

    /** Mutable builder for {@link KeyNaming}. */
    public static final class Builder {

        private String prefix = "";
        private int maxLength = DEFAULT_MAX_LENGTH;
        private char separator = DEFAULT_SEPARATOR;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        public Builder separator(char separator) {
            this.separator = separator;
            return this;
        }

        public KeyNaming build() {
            return new KeyNaming(prefix, maxLength, separator);
        }
    }

    @Override
    public String toString() {
        return "KeyNaming[prefix=" + (prefix.isEmpty() ? "<none>" : prefix) + ", maxLength=" + maxLength
                + ", separator=" + separator + "]";
    }
}
