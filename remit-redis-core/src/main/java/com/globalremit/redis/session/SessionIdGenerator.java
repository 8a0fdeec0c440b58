package com.globalremit.redis.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Makes new session ids. An id is a bearer credential: whoever has it is logged in, so ids come from a
 * cryptographically secure source and must be unguessable. Ids may use only {@code A-Z a-z 0-9 - _} and be 16 to
 * 128 characters long ({@link #isWellFormed(String)}); anything else a client sends is treated as "no session"
 * before it reaches Redis.
 */
@FunctionalInterface
public interface SessionIdGenerator {

    /** Shortest accepted id, in characters. */
    int MIN_LENGTH = 16;

    /** Longest accepted id, in characters (session keys must have room for it). */
    int MAX_LENGTH = 128;

    /** A new id; never null. */
    String newId();

    /**
     * UUID version 4 (122 random bits) from {@link UUID#randomUUID()}, which draws on {@link SecureRandom}. The
     * default, as the design document asks.
     */
    static SessionIdGenerator uuid() {
        return () -> UUID.randomUUID().toString();
    }

    /**
     * {@code bytes} random bytes from {@link SecureRandom}, base64url without padding: for longer ids than a
     * UUID's 122 bits (32 bytes gives 256 bits in 43 characters).
     */
    static SessionIdGenerator randomBytes(int bytes) {
        if (bytes < 16 || bytes > 96) {
            throw new IllegalArgumentException("bytes must be between 16 and 96, was " + bytes);
        }
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] id = new byte[bytes];
            random.nextBytes(id);
            return encoder.encodeToString(id);
        };
    }

    /** Whether {@code id} could be an id this library made: 16-128 characters of {@code A-Z a-z 0-9 - _}. */
    static boolean isWellFormed(String id) {
        if (id == null || id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
