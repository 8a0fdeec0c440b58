package com.globalremit.redis.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The data-field setters and value checks that {@link NewSession.Builder} and {@link SessionChanges.Builder}
 * share, so a value accepted when a session is created is accepted when it changes, and the other way round.
 *
 * @param <B> the builder, returned by every setter for chaining
 */
abstract class SessionFieldSetters<B extends SessionFieldSetters<B>> {

    SessionFieldSetters() {
    }

    /** The user the session belongs to (null for none); a change moves the session to that user's index. */
    public B userId(String userId) {
        return field(SessionField.USER_ID, userId);
    }

    public B role(String role) {
        return field(SessionField.ROLE, role);
    }

    public B branchId(String branchId) {
        return field(SessionField.BRANCH_ID, branchId);
    }

    public B permissions(List<String> permissions) {
        return field(SessionField.PERMISSIONS, permissions == null ? null : List.copyOf(permissions));
    }

    public B userAgent(String userAgent) {
        return field(SessionField.USER_AGENT, userAgent);
    }

    public B ipAddress(String ipAddress) {
        return field(SessionField.IP_ADDRESS, ipAddress);
    }

    /** Sets the field, or with null clears it. */
    abstract B field(SessionField field, Object value);

    static String checkedAttributeName(String name) {
        Objects.requireNonNull(name, "attribute name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
        return name;
    }

    /** A private copy of an attribute value, so a caller changing its array later changes nothing stored. */
    static byte[] checkedAttributeValue(byte[] value) {
        return Objects.requireNonNull(value, "value").clone();
    }

    static Duration checkedIdleTimeout(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("idleTimeout must be at least 1ms, was " + idleTimeout);
        }
        return idleTimeout;
    }
}
