package com.globalremit.redis.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.InvalidKeyException;
import com.globalremit.redis.key.KeyBuilder;
import com.globalremit.redis.key.KeyNaming;
import com.globalremit.redis.script.LuaScript;
import com.globalremit.redis.script.ScriptExecutor;

import io.lettuce.core.ScriptOutputType;

import static com.globalremit.redis.session.SessionCodec.ATTRIBUTE_PREFIX;
import static com.globalremit.redis.session.SessionCodec.USER_INDEX;

/**
 * Sessions in Redis with idle and absolute timeouts, remember-me, optional encryption at rest and a per-user
 * index. Thread-safe; share one instance.
 *
 * <h2>Layout</h2>
 * <ul>
 * <li>One hash per session, {@code [prefix:]session:data:{<id>}}: metadata {@code m:created m:last m:idle m:abs
 * m:rm m:uidx}, data fields {@code f:userId f:role ...} and attributes {@code a:<name>}. Attribute updates write
 * only the changed hash fields.</li>
 * <li>One sorted set per user, {@code [prefix:]session:user:{<sha-256 of the user id>}}, of session ids scored by
 * their absolute deadline. The user id is hashed so no personal data appears in key names.</li>
 * </ul>
 * A session and its user's index live in different cluster slots, so no script touches both: the hot path
 * (read-and-touch) touches only the session, and index maintenance is a separate, idempotent call. Every index
 * call drops entries past their absolute deadline; {@link #sessionsOf(String)} also drops entries whose session
 * ended earlier (idle timeout, log out) or moved to another user, never those of a session it cannot decrypt.
 *
 * <h2>Failure behaviour</h2>
 * A malformed id, a missing or expired session and a value that fails to decrypt all read as "no session"
 * ({@link Optional#empty()}); the last also writes one line to the {@code com.globalremit.redis.session.security}
 * logger, naming the field and key id only. Redis errors and timeouts are thrown (Lettuce exceptions).
 */
public final class RedisSessionStore {

    private static final Logger SECURITY_LOG = LoggerFactory.getLogger("com.globalremit.redis.session.security");

    // Every script but the delete shares the clock, deadline check and change writer of session_common.lua.
    private static final LuaScript CREATE = script("session_create.lua");
    private static final LuaScript TOUCH = script("session_touch.lua");
    private static final LuaScript UPDATE = script("session_update.lua");
    private static final LuaScript TAKE = script("session_take.lua");
    private static final LuaScript PUT = script("session_put.lua");
    private static final LuaScript DELETE = LuaScript.fromResource(RedisSessionStore.class, "session_delete.lua");
    private static final LuaScript INDEX = script("session_index.lua");

    private static final byte[] TOUCH_ARG = ascii("1");
    private static final byte[] PEEK_ARG = ascii("0");
    private static final byte[] NONE_ARG = ascii("");

    private static final int CREATE_ATTEMPTS = 3;

    private final ScriptExecutor scripts;
    private final KeyNaming naming;
    private final SessionTimeouts timeouts;
    private final SessionEncryption encryption;
    private final SessionIdGenerator idGenerator;
    private final SessionStoreListener listener;
    private final byte[] graceArg;
    private final SessionCodec codec;
    private final KeyBuilder dataKeys;

    private RedisSessionStore(Builder b) {
        checkKeyNaming(b.naming);
        this.scripts = b.scripts;
        this.naming = b.naming;
        this.timeouts = b.timeouts;
        this.encryption = b.encryption;
        this.idGenerator = b.idGenerator;
        this.listener = b.listener;
        this.graceArg = ascii(Long.toString(timeouts.expiryGrace().toMillis()));
        this.codec = new SessionCodec(encryption);
        this.dataKeys = naming.key("session", "data");
    }

    public static Builder builder(RemitRedisClient client) {
        return new Builder(ScriptExecutor.create(Objects.requireNonNull(client, "client")));
    }

    public static Builder builder(ScriptExecutor scripts) {
        return new Builder(Objects.requireNonNull(scripts, "scripts"));
    }

    public SessionTimeouts timeouts() {
        return timeouts;
    }

    public SessionEncryption encryption() {
        return encryption;
    }

    /** A fresh id from the configured generator (does not reserve it). */
    public String newId() {
        return idGenerator.newId();
    }

    // ---------------------------------------------------------------- create

    /**
     * Creates a session: one script on the session's key, then (when it has a user) one call on the user's index.
     * A generated id that happens to be taken is replaced; an explicit one that is taken is refused.
     *
     * @throws IllegalStateException when an explicitly given id already exists
     */
    public RedisSession create(NewSession session) {
        Objects.requireNonNull(session, "session");
        Duration idle = session.rememberMe() ? timeouts.rememberMe()
                : session.idleTimeout() != null ? session.idleTimeout() : timeouts.idle();
        Duration lifetime = session.rememberMe() ? timeouts.rememberMe() : timeouts.absolute();
        String userId = (String) session.fields().get(SessionField.USER_ID);
        String userIndex = userId == null ? "" : userIndexKey(userId);
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            String id = session.id() != null ? session.id() : idGenerator.newId();
            if (!SessionIdGenerator.isWellFormed(id)) {
                throw new IllegalStateException("the session id generator made an id that is not well formed");
            }
            List<byte[]> args = new ArrayList<>();
            args.add(ascii(Long.toString(idle.toMillis())));
            args.add(ascii(Long.toString(lifetime.toMillis())));
            args.add(ascii(session.rememberMe() ? "1" : "0"));
            args.add(ascii(userIndex));
            args.add(graceArg);
            session.fields().forEach((field, value) -> {
                args.add(ascii(field.hashField()));
                args.add(codec.encodeField(id, field, value));
            });
            session.attributes().forEach((name, value) -> {
                args.add(ascii(ATTRIBUTE_PREFIX + name));
                args.add(codec.encodeAttribute(id, name, value));
            });
            List<Object> result = scripts.execute(CREATE, ScriptOutputType.MULTI, List.of(sessionKey(id)),
                    args.toArray(new byte[0][]));
            if (status(result) == 1) {
                long now = (Long) result.get(1);
                long absolute = (Long) result.get(2);
                if (userId != null) {
                    updateIndex(userIndex, "add", id, absolute);
                }
                listener.created();
                Map<String, byte[]> attributes = new LinkedHashMap<>(session.attributes());
                return new RedisSession(id, userId, (String) session.fields().get(SessionField.ROLE),
                        (String) session.fields().get(SessionField.BRANCH_ID), SessionCodec.permissionsOf(session.fields()),
                        (String) session.fields().get(SessionField.USER_AGENT),
                        (String) session.fields().get(SessionField.IP_ADDRESS), attributes, Instant.ofEpochMilli(now),
                        Instant.ofEpochMilli(now), Instant.ofEpochMilli(Math.min(now + idle.toMillis(), absolute)),
                        Instant.ofEpochMilli(absolute), idle, session.rememberMe());
            }
            if (session.id() != null) {
                throw new IllegalStateException("a session with the given id already exists");
            }
        }
        throw new IllegalStateException("the session id generator made " + CREATE_ATTEMPTS + " taken ids in a row");
    }

    // ---------------------------------------------------------------- read

    /**
     * Read-and-touch, one round trip: loads the session, checks both deadlines against server time, sets
     * lastActivity to now and the key's expiry to min(idle, absolute remaining). Empty when there is no usable
     * session (never existed, ended, malformed id, or a value that fails to decrypt).
     */
    public Optional<RedisSession> touch(String id) {
        long start = System.nanoTime();
        Optional<RedisSession> session = read(id, TOUCH_ARG, null);
        listener.touched(System.nanoTime() - start, session.isPresent());
        return session;
    }

    /**
     * Read-and-touch with this request's changes written in the same script: one round trip (where
     * {@link #touch(String)} then {@link #update(String, SessionChanges)} take two) for a request that knows its
     * change before it reads the session. Only the changed fields are written, as by {@code update}. Returns the
     * session as it is after the changes; empty (and nothing written) when there is no usable session. A change
     * of user id or to remember-me also updates the user indexes, one call per index, as {@code update} does.
     * The values the changes set are not decrypted again; all others are, so a session with a tampered value is
     * still "no session" (its changes are written all the same, which is harmless: the session stays unreadable
     * and ends by its timeouts).
     */
    public Optional<RedisSession> touch(String id, SessionChanges changes) {
        Objects.requireNonNull(changes, "changes");
        if (changes.isEmpty()) {
            return touch(id);
        }
        long start = System.nanoTime();
        Optional<RedisSession> session = read(id, TOUCH_ARG, changes);
        listener.touched(System.nanoTime() - start, session.isPresent());
        return session;
    }

    /** Like {@link #touch(String)} but leaves lastActivity and expiry alone (e.g. to list a user's sessions). */
    public Optional<RedisSession> peek(String id) {
        return read(id, PEEK_ARG, null);
    }

    private Optional<RedisSession> read(String id, byte[] mode, SessionChanges changes) {
        if (!SessionIdGenerator.isWellFormed(id)) {
            return Optional.empty();
        }
        List<byte[]> args = new ArrayList<>(changes == null ? 2 : 16);
        args.add(mode);
        args.add(graceArg);
        String newUserIndex = changes == null ? null : addChanges(id, changes, args);
        List<Object> result = scripts.execute(TOUCH, ScriptOutputType.MULTI, List.of(sessionKey(id)),
                args.toArray(new byte[0][]));
        if (!live(result)) {
            return Optional.empty();
        }
        Map<String, byte[]> stored = SessionCodec.fieldMap((List<?>) result.get(4));
        long absolute = (Long) result.get(3);
        if (changes != null) {
            String oldUserIndex = SessionCodec.text(stored, USER_INDEX);
            moveInIndexes(id, changes, newUserIndex, oldUserIndex == null ? "" : oldUserIndex, absolute);
        }
        return decode(id, (Long) result.get(2), absolute, stored, changes);
    }

    private boolean live(List<Object> result) {
        int status = status(result);
        if (status == 2) {
            listener.expired(ExpiryReason.IDLE);
        } else if (status == 3) {
            listener.expired(ExpiryReason.ABSOLUTE);
        }
        return status == 1;
    }

    // ---------------------------------------------------------------- update

    /**
     * Writes the changes (only them) in one script; when the user id changed, moves the session between user
     * indexes with one more call per index. False when the session no longer exists (nothing is written then).
     */
    public boolean update(String id, SessionChanges changes) {
        Objects.requireNonNull(changes, "changes");
        if (!SessionIdGenerator.isWellFormed(id)) {
            return false;
        }
        if (changes.isEmpty()) {
            return peek(id).isPresent();
        }
        List<byte[]> args = new ArrayList<>(16);
        args.add(graceArg);
        String newUserIndex = addChanges(id, changes, args);
        List<Object> result = scripts.execute(UPDATE, ScriptOutputType.MULTI, List.of(sessionKey(id)),
                args.toArray(new byte[0][]));
        if (!live(result)) {
            return false;
        }
        moveInIndexes(id, changes, newUserIndex, new String((byte[]) result.get(2), StandardCharsets.US_ASCII),
                (Long) result.get(1));
        return true;
    }

    /**
     * Appends the changes in the layout of session_common.lua's apply_changes: pair count, delete count,
     * remember-me ms or '', idle ms or '', the encoded pairs, the deleted fields. Returns the new user index key
     * ('' for none) when the user id changes, else null.
     */
    private String addChanges(String id, SessionChanges changes, List<byte[]> args) {
        List<byte[]> pairs = new ArrayList<>();
        List<byte[]> deletes = new ArrayList<>();
        String newUserIndex = null;
        for (Map.Entry<SessionField, Optional<Object>> e : changes.fields().entrySet()) {
            SessionField field = e.getKey();
            if (e.getValue().isPresent()) {
                pairs.add(ascii(field.hashField()));
                pairs.add(codec.encodeField(id, field, e.getValue().get()));
            } else {
                deletes.add(ascii(field.hashField()));
            }
            if (field == SessionField.USER_ID) {
                newUserIndex = e.getValue().map(u -> userIndexKey((String) u)).orElse("");
                pairs.add(ascii(USER_INDEX));
                pairs.add(ascii(newUserIndex));
            }
        }
        changes.setAttributes().forEach((name, value) -> {
            pairs.add(ascii(ATTRIBUTE_PREFIX + name));
            pairs.add(codec.encodeAttribute(id, name, value));
        });
        changes.removedAttributes().forEach(name -> deletes.add(ascii(ATTRIBUTE_PREFIX + name)));
        args.add(ascii(Integer.toString(pairs.size() / 2)));
        args.add(ascii(Integer.toString(deletes.size())));
        args.add(changes.rememberMe() ? ascii(Long.toString(timeouts.rememberMe().toMillis())) : NONE_ARG);
        args.add(changes.idleTimeout() != null && !changes.rememberMe()
                ? ascii(Long.toString(changes.idleTimeout().toMillis())) : NONE_ARG);
        args.addAll(pairs);
        args.addAll(deletes);
        return newUserIndex;
    }

    /** After a write: moves the session between user indexes, or re-scores it after a new absolute deadline. */
    private void moveInIndexes(String id, SessionChanges changes, String newUserIndex, String oldUserIndex,
            long absolute) {
        if (newUserIndex != null && !newUserIndex.equals(oldUserIndex) && !oldUserIndex.isEmpty()) {
            updateIndex(oldUserIndex, "rem", id, 0);
        }
        String currentIndex = newUserIndex != null ? newUserIndex : oldUserIndex;
        if (!currentIndex.isEmpty() && (newUserIndex != null || changes.rememberMe())) {
            // New member, or a new absolute deadline (remember-me) to score it by.
            updateIndex(currentIndex, "add", id, absolute);
        }
    }

    // ---------------------------------------------------------------- invalidate

    /** Ends the session (log out). False when there was none. */
    public boolean invalidate(String id) {
        if (!SessionIdGenerator.isWellFormed(id)) {
            return false;
        }
        List<Object> result = scripts.execute(DELETE, ScriptOutputType.MULTI, List.of(sessionKey(id)));
        boolean deleted = (Long) result.get(0) == 1L;
        String userIndex = new String((byte[]) result.get(1), StandardCharsets.US_ASCII);
        if (!userIndex.isEmpty()) {
            updateIndex(userIndex, "rem", id, 0);
        }
        if (deleted) {
            listener.invalidated(1);
        }
        return deleted;
    }

    /**
     * Ends every session of the user ("log out everywhere"); returns how many were live. An index entry of a
     * session that now belongs to another user (left behind by a user id change) is dropped, its session kept:
     * the delete script checks the index key the session is filed under.
     */
    public int invalidateAll(String userId) {
        Objects.requireNonNull(userId, "userId");
        String userIndex = userIndexKey(userId);
        byte[] owner = ascii(userIndex);
        List<String> ids = updateIndex(userIndex, null, null, 0);
        int count = 0;
        List<CompletableFuture<List<Object>>> pending = new ArrayList<>();
        for (String id : ids) {
            if (SessionIdGenerator.isWellFormed(id)) {
                pending.add(scripts.<List<Object>>executeAsync(DELETE, ScriptOutputType.MULTI,
                        List.of(sessionKey(id)), owner).toCompletableFuture());
            }
        }
        for (CompletableFuture<List<Object>> f : pending) {
            if ((Long) join(f).get(0) == 1L) {
                count++;
            }
        }
        List<byte[]> args = new ArrayList<>();
        args.add(graceArg);
        for (String id : ids) {
            args.add(ascii("rem"));
            args.add(ascii(id));
            args.add(ascii(""));
        }
        scripts.execute(INDEX, ScriptOutputType.MULTI, List.of(userIndex), args.toArray(new byte[0][]));
        if (count > 0) {
            listener.invalidated(count);
        }
        return count;
    }

    // ---------------------------------------------------------------- change id

    /** Gives the session a new generated id; see {@link #changeId(String, String)}. */
    public Optional<RedisSession> changeId(String oldId) {
        return changeId(oldId, idGenerator.newId());
    }

    /**
     * Moves the session to {@code newId} (session fixation defence at login): the old id stops working at once.
     *
     * <p>Not a RENAME: the two keys hash to different cluster slots, and encrypted values are bound to the id, so
     * they are re-encrypted. Two scripts: the first reads and deletes the old session atomically, the second
     * writes it under the new id with the same creation time and absolute deadline. A crash between the two loses
     * the session (the user logs in again); it never leaves both ids working. A request that writes to the old id
     * after the first step finds no session.
     *
     * @return the session under its new id, or empty when the old one did not exist (or failed to decrypt)
     */
    public Optional<RedisSession> changeId(String oldId, String newId) {
        if (!SessionIdGenerator.isWellFormed(oldId)) {
            return Optional.empty();
        }
        if (!SessionIdGenerator.isWellFormed(newId) || newId.equals(oldId)) {
            throw new IllegalArgumentException("the new session id is not well formed or equals the old one");
        }
        List<Object> taken = scripts.execute(TAKE, ScriptOutputType.MULTI, List.of(sessionKey(oldId)));
        if (!live(taken)) {
            return Optional.empty();
        }
        Map<String, byte[]> fields = SessionCodec.fieldMap((List<?>) taken.get(1));
        List<byte[]> args = new ArrayList<>();
        args.add(graceArg);
        try {
            for (Map.Entry<String, byte[]> e : fields.entrySet()) {
                args.add(ascii(e.getKey()));
                args.add(codec.reseal(oldId, newId, e.getKey(), e.getValue()));
            }
        } catch (SessionDecryptionException e) {
            decryptionFailed(e);
            return Optional.empty();
        }
        List<Object> put = scripts.execute(PUT, ScriptOutputType.MULTI, List.of(sessionKey(newId)),
                args.toArray(new byte[0][]));
        if (status(put) != 1) {
            throw new IllegalStateException("the new session id is already taken");
        }
        String userIndex = fields.containsKey(USER_INDEX)
                ? new String(fields.get(USER_INDEX), StandardCharsets.US_ASCII) : "";
        if (!userIndex.isEmpty()) {
            List<byte[]> indexArgs = List.of(graceArg, ascii("add"), ascii(newId),
                    ascii(Long.toString((Long) put.get(1))), ascii("rem"), ascii(oldId), ascii(""));
            scripts.execute(INDEX, ScriptOutputType.MULTI, List.of(userIndex), indexArgs.toArray(new byte[0][]));
        }
        return peek(newId);
    }

    // ---------------------------------------------------------------- per user

    /**
     * The user's live sessions (without touching them), oldest absolute deadline first. Entries of sessions that
     * ended, or that now belong to another user, are removed from the index on the way. A session that exists but
     * fails to decrypt or decode here is left out of the answer and kept in the index.
     */
    public List<RedisSession> sessionsOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        String userIndex = userIndexKey(userId);
        List<String> ids = updateIndex(userIndex, null, null, 0);
        Map<String, CompletableFuture<List<Object>>> pending = new LinkedHashMap<>();
        for (String id : ids) {
            if (SessionIdGenerator.isWellFormed(id)) {
                pending.put(id, scripts.<List<Object>>executeAsync(TOUCH, ScriptOutputType.MULTI,
                        List.of(sessionKey(id)), PEEK_ARG, graceArg).toCompletableFuture());
            }
        }
        List<RedisSession> sessions = new ArrayList<>();
        List<String> gone = new ArrayList<>(ids);
        for (Map.Entry<String, CompletableFuture<List<Object>>> e : pending.entrySet()) {
            List<Object> result = join(e.getValue());
            if (!live(result)) {
                continue; // absent or ended: the entry goes
            }
            Map<String, byte[]> stored = SessionCodec.fieldMap((List<?>) result.get(4));
            // A session filed under another user's index (entry left behind by a user id change) is not theirs.
            // The index key is stored unencrypted, so this holds even where the session cannot be decrypted.
            if (!userIndex.equals(SessionCodec.text(stored, USER_INDEX))) {
                continue;
            }
            Optional<RedisSession> s = decode(e.getKey(), (Long) result.get(2), (Long) result.get(3), stored, null);
            if (s.isEmpty()) {
                // Exists but this instance cannot open it (a key it does not have yet during a rotation, say):
                // not listed, but its entry stays, or "log out everywhere" would later miss the session.
                gone.remove(e.getKey());
            } else if (userId.equals(s.get().userId())) {
                sessions.add(s.get());
                gone.remove(e.getKey());
            }
        }
        if (!gone.isEmpty()) {
            List<byte[]> args = new ArrayList<>();
            args.add(graceArg);
            for (String id : gone) {
                args.add(ascii("rem"));
                args.add(ascii(id));
                args.add(ascii(""));
            }
            scripts.execute(INDEX, ScriptOutputType.MULTI, List.of(userIndex), args.toArray(new byte[0][]));
        }
        return sessions;
    }

    /** The ids in the user's index after dropping entries past their absolute deadline (for tests, tooling). */
    public List<String> indexedIds(String userId) {
        return updateIndex(userIndexKey(Objects.requireNonNull(userId, "userId")), null, null, 0);
    }

    private List<String> updateIndex(String userIndex, String op, String id, long score) {
        List<byte[]> args = new ArrayList<>();
        args.add(graceArg);
        if (op != null) {
            args.add(ascii(op));
            args.add(ascii(id));
            args.add(ascii(Long.toString(score)));
        }
        List<Object> result = scripts.execute(INDEX, ScriptOutputType.MULTI, List.of(userIndex),
                args.toArray(new byte[0][]));
        List<String> ids = new ArrayList<>(result.size());
        for (Object o : result) {
            ids.add(new String((byte[]) o, StandardCharsets.US_ASCII));
        }
        return ids;
    }

    // ---------------------------------------------------------------- keys

    /**
     * The Redis key of a session's hash.
     *
     * @throws IllegalArgumentException when {@code id} is not a well-formed session id (the message does not
     *         quote it: an id is a credential)
     */
    public String sessionKey(String id) {
        if (!SessionIdGenerator.isWellFormed(id)) {
            throw new IllegalArgumentException("not a well-formed session id");
        }
        try {
            return dataKeys.id(id).hashTag().build();
        } catch (InvalidKeyException e) {
            // Not reached for a well-formed id once checkKeyNaming passed; never let the key (and id) through.
            throw new IllegalArgumentException("no session key can be built for this id (" + e.part() + ")");
        }
    }

    /**
     * Bytes of the longest session key {@code naming} makes: prefix plus {@code session:data:{id}} with an id of
     * the longest accepted length (128 characters). The user index key is shorter.
     */
    public static int longestKeyLength(KeyNaming naming) {
        KeyNaming unlimited = new KeyNaming(naming.prefix(), Integer.MAX_VALUE, naming.separator());
        String key = unlimited.key("session", "data").id("x".repeat(SessionIdGenerator.MAX_LENGTH)).hashTag().build();
        return key.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Refuses, at construction, a key naming under which some accepted id would have no key: a separator that is
     * an id character, or a maxLength below the longest session key. Otherwise such an id would fail on every
     * request, with an error quoting the key and so the id.
     */
    private static void checkKeyNaming(KeyNaming naming) {
        char separator = naming.separator();
        if (separator == '-' || separator == '_') {
            throw new IllegalArgumentException("the key separator '" + separator + "' (KeyNaming separator) is a"
                    + " session id character (ids use A-Z a-z 0-9 - _); the session store needs another separator");
        }
        int needed = longestKeyLength(naming);
        if (needed > naming.maxLength()) {
            throw new IllegalArgumentException("the longest key (KeyNaming maxLength, remit.redis.max-key-length) is "
                    + naming.maxLength() + " bytes, but session keys need up to " + needed + " bytes (prefix '"
                    + naming.prefix() + "' plus session" + separator + "data" + separator + "{id}, ids up to "
                    + SessionIdGenerator.MAX_LENGTH + " characters)");
        }
    }

    /** The Redis key of a user's session index (the user id appears only as a SHA-256 digest). */
    public String userIndexKey(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return naming.key("session", "user").id(HexFormat.of().formatHex(digest, 0, 16)).hashTag().build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    // ---------------------------------------------------------------- decoding

    private Optional<RedisSession> decode(String id, long expiresAt, long absolute, Map<String, byte[]> stored,
            SessionChanges changes) {
        try {
            return Optional.of(codec.decode(id, expiresAt, absolute, stored, changes));
        } catch (SessionDecryptionException e) {
            decryptionFailed(e);
            return Optional.empty();
        }
    }

    private void decryptionFailed(SessionDecryptionException e) {
        // The message names a field and key id; never the session id (a credential) or any content.
        SECURITY_LOG.warn("Session rejected: a stored value could not be decrypted ({}); treated as no session",
                e.getMessage());
        listener.decryptionFailed();
    }

    private static int status(List<Object> result) {
        return ((Long) result.get(0)).intValue();
    }

    private static LuaScript script(String name) {
        return LuaScript.withPrelude(RedisSessionStore.class, "session_common.lua", name);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new io.lettuce.core.RedisCommandTimeoutException("session store: no answer within 30s");
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + timeouts + ", " + encryption + "]";
    }

    /** Options; everything but the client has a default. */
    public static final class Builder {

        private final ScriptExecutor scripts;
        private KeyNaming naming = KeyNaming.DEFAULT;
        private SessionTimeouts timeouts = SessionTimeouts.DEFAULTS;
        private SessionEncryption encryption = SessionEncryption.disabled();
        private SessionIdGenerator idGenerator = SessionIdGenerator.uuid();
        private SessionStoreListener listener = SessionStoreListener.NONE;

        private Builder(ScriptExecutor scripts) {
            this.scripts = scripts;
        }

        public Builder keyNaming(KeyNaming naming) {
            this.naming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        public Builder timeouts(SessionTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        public Builder encryption(SessionEncryption encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        public Builder idGenerator(SessionIdGenerator idGenerator) {
            this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
            return this;
        }

        public Builder listener(SessionStoreListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RedisSessionStore build() {
            return new RedisSessionStore(this);
        }
    }
}
