package com.globalremit.redis.session;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The changes one request made to a session. Only these are written (HSET of the changed fields, HDEL of the
 * removed ones), so two requests changing different attributes of one session at the same time both keep their
 * change. Build with {@link #builder()}.
 */
public final class SessionChanges {

    private final Map<SessionField, Optional<Object>> fields;
    private final Map<String, byte[]> setAttributes;
    private final Set<String> removedAttributes;
    private final Duration idleTimeout;
    private final boolean rememberMe;

    private SessionChanges(Builder b) {
        this.fields = Collections.unmodifiableMap(new EnumMap<>(b.fields));
        this.setAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.setAttributes));
        this.removedAttributes = Collections.unmodifiableSet(new LinkedHashSet<>(b.removedAttributes));
        this.idleTimeout = b.idleTimeout;
        this.rememberMe = b.rememberMe;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return fields.isEmpty() && setAttributes.isEmpty() && removedAttributes.isEmpty() && idleTimeout == null
                && !rememberMe;
    }

    Map<SessionField, Optional<Object>> fields() {
        return fields;
    }

    Map<String, byte[]> setAttributes() {
        return setAttributes;
    }

    Set<String> removedAttributes() {
        return removedAttributes;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    boolean rememberMe() {
        return rememberMe;
    }

    /** Whether these changes set or remove the attribute. */
    boolean changesAttribute(String name) {
        return setAttributes.containsKey(name) || removedAttributes.contains(name);
    }

    public static final class Builder extends SessionFieldSetters<Builder> {

        private final Map<SessionField, Optional<Object>> fields = new EnumMap<>(SessionField.class);
        private final Map<String, byte[]> setAttributes = new LinkedHashMap<>();
        private final Set<String> removedAttributes = new LinkedHashSet<>();
        private Duration idleTimeout;
        private boolean rememberMe;

        private Builder() {
        }

        public Builder setAttribute(String name, byte[] value) {
            removedAttributes.remove(checkedAttributeName(name));
            setAttributes.put(name, checkedAttributeValue(value));
            return this;
        }

        public Builder removeAttribute(String name) {
            setAttributes.remove(checkedAttributeName(name));
            removedAttributes.add(name);
            return this;
        }

        /** A new idle timeout (the absolute deadline still applies). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = checkedIdleTimeout(idleTimeout);
            return this;
        }

        /**
         * Switches the session to the remember-me policy (done at a login with "remember me"): its idle timeout
         * becomes the remember-me duration and its absolute deadline becomes now (server time) + the remember-me
         * duration. An idle timeout set in the same changes is ignored.
         */
        public Builder rememberMe() {
            this.rememberMe = true;
            return this;
        }

        @Override
        Builder field(SessionField field, Object value) {
            fields.put(field, Optional.ofNullable(value));
            return this;
        }

        public SessionChanges build() {
            return new SessionChanges(this);
        }
    }
}
