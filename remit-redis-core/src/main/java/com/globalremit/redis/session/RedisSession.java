package com.globalremit.redis.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as read from Redis: the design document's fields, free attributes (opaque bytes; the caller chooses
 * the serialization) and the timing metadata. Times come from the Redis server's clock.
 *
 * @param id the session id (a bearer credential: never log it)
 * @param userId who the session belongs to; null for an anonymous session
 * @param role the user's role, e.g. {@code senior-teller}; may be null
 * @param branchId the teller's branch; may be null
 * @param permissions what the user may do; never null
 * @param userAgent the browser's user agent at login; may be null
 * @param ipAddress the client address at login; may be null
 * @param attributes free attributes by name; never null, unmodifiable
 * @param createdAt when the session was created
 * @param lastActivity the last read-and-touch (server time)
 * @param expiresAt when it ends if not used again: min(lastActivity + idleTimeout, absoluteExpiresAt)
 * @param absoluteExpiresAt when it ends however active it is
 * @param idleTimeout its idle timeout (the remember-me one for a remember-me session)
 * @param rememberMe whether the remember-me policy applies
 */
public record RedisSession(String id, String userId, String role, String branchId, List<String> permissions,
        String userAgent, String ipAddress, Map<String, byte[]> attributes, Instant createdAt, Instant lastActivity,
        Instant expiresAt, Instant absoluteExpiresAt, Duration idleTimeout, boolean rememberMe) {

    public RedisSession {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The stored bytes of an attribute, or null. */
    public byte[] attribute(String name) {
        byte[] value = attributes.get(name);
        return value == null ? null : value.clone();
    }

    @Override
    public String toString() {
        // No id, no personal data: records are printed by accident in logs.
        return "RedisSession[user=" + (userId == null ? "anonymous" : "present") + ", attributes="
                + attributes.keySet().size() + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + ", rememberMe=" + rememberMe + "]";
    }
}
