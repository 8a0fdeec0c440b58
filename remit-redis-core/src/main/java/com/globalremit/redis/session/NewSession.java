package com.globalremit.redis.session;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a new session starts with. Build with {@link #builder()}; every part is optional. */
public final class NewSession {

    private final String id;
    private final Map<SessionField, Object> fields;
    private final Map<String, byte[]> attributes;
    private final boolean rememberMe;
    private final Duration idleTimeout;

    private NewSession(Builder b) {
        this.id = b.id;
        this.fields = new EnumMap<>(b.fields);
        this.attributes = new LinkedHashMap<>(b.attributes);
        this.rememberMe = b.rememberMe;
        this.idleTimeout = b.idleTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    String id() {
        return id;
    }

    Map<SessionField, Object> fields() {
        return fields;
    }

    Map<String, byte[]> attributes() {
        return attributes;
    }

    boolean rememberMe() {
        return rememberMe;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    public static final class Builder extends SessionFieldSetters<Builder> {

        private String id;
        private final Map<SessionField, Object> fields = new EnumMap<>(SessionField.class);
        private final Map<String, byte[]> attributes = new LinkedHashMap<>();
        private boolean rememberMe;
        private Duration idleTimeout;

        private Builder() {
        }

        /**
         * Use this id instead of a generated one (for frameworks that choose the id before saving, like Spring
         * Session). It must be {@linkplain SessionIdGenerator#isWellFormed(String) well formed} and unguessable.
         */
        public Builder id(String id) {
            if (!SessionIdGenerator.isWellFormed(id)) {
                throw new IllegalArgumentException("session id is not well formed (16-128 of A-Z a-z 0-9 - _)");
            }
            this.id = id;
            return this;
        }

        public Builder attribute(String name, byte[] value) {
            attributes.put(checkedAttributeName(name), checkedAttributeValue(value));
            return this;
        }

        /** Remember-me policy from the start: idle timeout and own absolute limit both the remember-me duration. */
        public Builder rememberMe(boolean rememberMe) {
            this.rememberMe = rememberMe;
            return this;
        }

        /** An idle timeout other than the store's (never beyond the absolute limit, which still applies). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout == null ? null : checkedIdleTimeout(idleTimeout);
            return this;
        }

        @Override
        Builder field(SessionField field, Object value) {
            if (value == null) {
                fields.remove(field);
            } else {
                fields.put(field, value);
            }
            return this;
        }

        public NewSession build() {
            return new NewSession(this);
        }
    }
}
