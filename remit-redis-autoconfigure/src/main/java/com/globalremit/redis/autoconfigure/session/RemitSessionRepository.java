package com.globalremit.redis.autoconfigure.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.Session;

import com.globalremit.redis.session.NewSession;
import com.globalremit.redis.session.RedisSession;
import com.globalremit.redis.session.RedisSessionStore;
import com.globalremit.redis.session.SessionChanges;

/**
 * Spring Session's repository backed by {@link RedisSessionStore}, so {@code HttpSession}, Spring Security
 * (session fixation protection, concurrent session control through {@code SpringSessionBackedSessionRegistry})
 * and the actuator's sessions endpoint work unchanged.
 *
 * <ul>
 * <li>{@link #findById(String)} is the store's read-and-touch: one Redis command for a request that changes
 * nothing, and nothing more is written at the end of such a request.</li>
 * <li>{@link #save(RemitSession)} writes only what the request changed (attributes set or removed, the principal,
 * the idle timeout), so concurrent requests on one session keep each other's changes. Like Spring Session's
 * {@code SaveMode.ON_SET_ATTRIBUTE}: an attribute object changed in place without {@code setAttribute} is not
 * saved.</li>
 * <li>An id change ({@code HttpServletRequest.changeSessionId()}, done by Spring Security at login) moves the
 * session to the new id; the old one stops working.</li>
 * <li>The principal (from {@code FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME} or Spring Security's
 * context) becomes the store's user id, and the context's authorities its role ({@code ROLE_SENIOR_TELLER} gives
 * {@code senior-teller}) and permissions (the other authorities).</li>
 * </ul>
 */
public class RemitSessionRepository implements FindByIndexNameSessionRepository<RemitSessionRepository.RemitSession> {

    /**
     * Session attribute that switches a session to the remember-me policy when set to {@code true} (done by
     * {@link RemitRememberMeServices} at a login with "remember me"). Not stored as an attribute.
     */
    public static final String REMEMBER_ME_ATTRIBUTE = RemitSessionRepository.class.getName() + ".REMEMBER_ME";

    static final String SECURITY_CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

    private static final Logger log = LoggerFactory.getLogger(RemitSessionRepository.class);

    private static final Logger SECURITY_LOG = LoggerFactory.getLogger("com.globalremit.redis.session.security");

    private static final Expression AUTHORITIES = new SpelExpressionParser()
            .parseExpression("authentication?.authorities?.![authority]");

    private final RedisSessionStore store;
    private final SessionAttributeSerializer serializer;
    private final PrincipalNameIndexResolver<RemitSession> principalResolver = new PrincipalNameIndexResolver<>();

    public RemitSessionRepository(RedisSessionStore store, SessionAttributeSerializer serializer) {
        this.store = Objects.requireNonNull(store, "store");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    public RedisSessionStore store() {
        return store;
    }

    @Override
    public RemitSession createSession() {
        Instant now = Instant.now();
        return new RemitSession(store.newId(), now, now, store.timeouts().idle(), null, false, Map.of(), true);
    }

    @Override
    public void save(RemitSession session) {
        if (session.isNew) {
            NewSession.Builder created = NewSession.builder().id(session.id);
            String principal = principalResolver.resolveIndexValueFor(session);
            if (principal != null) {
                created.userId(principal);
                Identity identity = identityOf(session);
                created.role(identity.role).permissions(identity.permissions);
            }
            SessionClientInfo client = SessionClientInfo.current();
            if (client != null) {
                created.userAgent(client.userAgent()).ipAddress(client.ipAddress());
            }
            session.values.forEach((name, value) -> created.attribute(name, serializer.serialize(value)));
            if (session.rememberMeRequested) {
                created.rememberMe(true);
            } else if (session.idleChanged) {
                created.idleTimeout(session.maxInactiveInterval);
            }
            RedisSession stored = store.create(created.build());
            session.saved(stored);
            return;
        }
        if (!session.id.equals(session.originalId)) {
            Optional<RedisSession> moved = store.changeId(session.originalId, session.id);
            session.originalId = session.id;
            if (moved.isEmpty()) {
                // The old session ended meanwhile (expired, logged out elsewhere): nothing left to save into.
                session.clearChanges();
                return;
            }
        }
        SessionChanges.Builder changes = SessionChanges.builder();
        if (session.isNew || session.principalMayHaveChanged()) {
            String principal = principalResolver.resolveIndexValueFor(session);
            if (!Objects.equals(principal, session.userId)) {
                Identity identity = principal == null ? new Identity(null, null) : identityOf(session);
                changes.userId(principal).role(identity.role).permissions(identity.permissions);
                SessionClientInfo client = SessionClientInfo.current();
                if (client != null && principal != null) {
                    changes.userAgent(client.userAgent()).ipAddress(client.ipAddress());
                }
                session.userId = principal;
            }
        }
        for (String name : session.changed) {
            changes.setAttribute(name, serializer.serialize(session.values.get(name)));
        }
        for (String name : session.removed) {
            changes.removeAttribute(name);
        }
        if (session.rememberMeRequested && !session.rememberMe) {
            changes.rememberMe();
        } else if (session.idleChanged && !session.rememberMe) {
            changes.idleTimeout(session.maxInactiveInterval);
        }
        SessionChanges built = changes.build();
        if (!built.isEmpty()) {
            store.update(session.id, built);
        }
        if (session.rememberMeRequested) {
            session.rememberMe = true;
        }
        session.clearChanges();
    }

    @Override
    public RemitSession findById(String id) {
        return store.touch(id).map(this::toSession).orElse(null);
    }

    @Override
    public void deleteById(String id) {
        store.invalidate(id);
    }

    @Override
    public Map<String, RemitSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName) || indexValue == null) {
            return Map.of();
        }
        Map<String, RemitSession> sessions = new LinkedHashMap<>();
        for (RedisSession s : store.sessionsOf(indexValue)) {
            sessions.put(s.id(), toSession(s));
        }
        return sessions;
    }

    private RemitSession toSession(RedisSession s) {
        RemitSession session = new RemitSession(s.id(), s.createdAt(), s.lastActivity(), s.idleTimeout(), s.userId(),
                s.rememberMe(), s.attributes(), false);
        session.expiresAt = s.expiresAt();
        return session;
    }

    private record Identity(String role, List<String> permissions) {
    }

    private static Identity identityOf(RemitSession session) {
        Object context = session.getAttribute(SECURITY_CONTEXT_ATTRIBUTE);
        if (context == null) {
            return new Identity(null, List.of());
        }
        Object value;
        try {
            value = AUTHORITIES.getValue(context);
        } catch (RuntimeException e) {
            return new Identity(null, List.of());
        }
        String role = null;
        List<String> permissions = new ArrayList<>();
        if (value instanceof Collection<?> authorities) {
            for (Object a : authorities) {
                String authority = String.valueOf(a);
                if (authority.startsWith("ROLE_")) {
                    if (role == null) {
                        role = authority.substring(5).toLowerCase(Locale.ROOT).replace('_', '-');
                    }
                } else {
                    permissions.add(authority);
                }
            }
        }
        return new Identity(role, permissions);
    }

    /** A Spring Session view of a stored session that records what the request changes. */
    public final class RemitSession implements Session {

        private String id;
        private String originalId;
        private boolean isNew;
        private final Instant creationTime;
        private Instant lastAccessedTime;
        private Duration maxInactiveInterval;
        private boolean idleChanged;
        private String userId;
        private boolean rememberMe;
        private boolean rememberMeRequested;
        private Instant expiresAt;
        private final Map<String, byte[]> stored;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Set<String> changed = new LinkedHashSet<>();
        private final Set<String> removed = new LinkedHashSet<>();

        RemitSession(String id, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
                String userId, boolean rememberMe, Map<String, byte[]> stored, boolean isNew) {
            this.id = id;
            this.originalId = id;
            this.creationTime = creationTime;
            this.lastAccessedTime = lastAccessedTime;
            this.maxInactiveInterval = maxInactiveInterval;
            this.userId = userId;
            this.rememberMe = rememberMe;
            this.stored = new LinkedHashMap<>(stored);
            this.isNew = isNew;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String changeSessionId() {
            id = store.newId();
            return id;
        }

        /** Whether the remember-me policy applies (or was asked for in this request). */
        public boolean isRememberMe() {
            return rememberMe || rememberMeRequested;
        }

        /** When the session ends if unused (server time at the last read); null for a new session. */
        public Instant getExpiresAt() {
            return expiresAt;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getAttribute(String name) {
            if (REMEMBER_ME_ATTRIBUTE.equals(name)) {
                return isRememberMe() ? (T) Boolean.TRUE : null;
            }
            Object value = values.get(name);
            if (value == null && stored.containsKey(name)) {
                try {
                    value = serializer.deserialize(stored.get(name));
                    values.put(name, value);
                } catch (SessionAttributeSerializer.RejectedClassException e) {
                    // Not a class this application stores: planted in Redis, or a new type not yet allow-listed.
                    SECURITY_LOG.warn("Session attribute '{}' rejected ({}); ignoring it", name, e.getMessage());
                    stored.remove(name);
                } catch (RuntimeException e) {
                    // A class changed between deployments, say: drop the attribute, keep the session.
                    log.warn("Session attribute '{}' could not be deserialized ({}); ignoring it", name,
                            e.getClass().getSimpleName());
                    stored.remove(name);
                }
            }
            return (T) value;
        }

        @Override
        public Set<String> getAttributeNames() {
            Set<String> names = new LinkedHashSet<>(stored.keySet());
            names.addAll(values.keySet());
            names.removeAll(removed);
            return names;
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            if (REMEMBER_ME_ATTRIBUTE.equals(name)) {
                rememberMeRequested = Boolean.TRUE.equals(value);
                return;
            }
            values.put(name, value);
            changed.add(name);
            removed.remove(name);
        }

        @Override
        public void removeAttribute(String name) {
            if (REMEMBER_ME_ATTRIBUTE.equals(name)) {
                return;
            }
            values.remove(name);
            changed.remove(name);
            if (stored.remove(name) != null || !isNew) {
                removed.add(name);
            }
        }

        @Override
        public Instant getCreationTime() {
            return creationTime;
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            // The store's read-and-touch already set it from the server's clock; nothing to write.
            this.lastAccessedTime = lastAccessedTime;
        }

        @Override
        public Instant getLastAccessedTime() {
            return lastAccessedTime;
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                // "Never expires" is not offered: the absolute timeout holds for every session.
                return;
            }
            if (!interval.equals(maxInactiveInterval)) {
                maxInactiveInterval = interval;
                idleChanged = true;
            }
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return maxInactiveInterval;
        }

        @Override
        public boolean isExpired() {
            // The store only hands out live sessions, judged by the Redis server's clock.
            return false;
        }

        boolean principalMayHaveChanged() {
            return changed.contains(SECURITY_CONTEXT_ATTRIBUTE) || removed.contains(SECURITY_CONTEXT_ATTRIBUTE)
                    || changed.contains(PRINCIPAL_NAME_INDEX_NAME) || removed.contains(PRINCIPAL_NAME_INDEX_NAME);
        }

        void saved(RedisSession s) {
            isNew = false;
            originalId = id;
            userId = s.userId();
            rememberMe = s.rememberMe();
            maxInactiveInterval = s.idleTimeout();
            expiresAt = s.expiresAt();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                stored.put(e.getKey(), new byte[0]); // present; the live object stays in values
            }
            clearChanges();
        }

        void clearChanges() {
            changed.clear();
            removed.clear();
            idleChanged = false;
            rememberMeRequested = false;
        }

        @Override
        public String toString() {
            return "RemitSession[attributes=" + getAttributeNames().size() + ", new=" + isNew + "]";
        }
    }
}
