package com.globalremit.redis.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import com.globalremit.redis.connection.RemitRedisClient;
import com.globalremit.redis.key.KeyNaming;

/**
 * The session store's behaviour against a real Redis; run once per topology by the subclasses (standalone and a
 * 3-master cluster). Durations are short so expiry tests take seconds.
 */
abstract class RedisSessionStoreContract {

    static final byte[] KEY_1 = bytes(32, 1);
    static final byte[] KEY_2 = bytes(32, 2);

    /** The shared client for the topology under test. */
    abstract RemitRedisClient redis();

    final CountingListener events = new CountingListener();

    RedisSessionStore store(SessionTimeouts timeouts, SessionEncryption encryption) {
        return RedisSessionStore.builder(redis()).keyNaming(KeyNaming.withPrefix("remit")).timeouts(timeouts)
                .encryption(encryption).listener(events).build();
    }

    RedisSessionStore store() {
        return store(SessionTimeouts.DEFAULTS, SessionEncryption.builder().key("k1", KEY_1).build());
    }

    /** Mid-rotation: opens k1 and k2, seals with k2. */
    RedisSessionStore rotatedStore() {
        return store(SessionTimeouts.DEFAULTS, SessionEncryption.builder().key("k1", KEY_1).key("k2", KEY_2)
                .activeKey("k2").build());
    }

    static NewSession teller(String userId) {
        return NewSession.builder().userId(userId).role("senior-teller").branchId("LDN-01")
                .permissions(List.of("TRANSFER_CREATE", "TRANSFER_APPROVE")).userAgent("Mozilla/5.0 TellerDesk/7.1")
                .ipAddress("203.0.113.77").attribute("note", utf8("customer-callback-0420")).build();
    }

    @Test
    void createdSessionReadsBackAndTouchMovesLastActivity() throws Exception {
        RedisSessionStore store = store();
        RedisSession created = store.create(teller("alice"));
        assertThat(created.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(created.absoluteExpiresAt()).isEqualTo(created.createdAt().plus(Duration.ofHours(8)));
        assertThat(created.expiresAt()).isEqualTo(created.createdAt().plus(Duration.ofMinutes(30)));

        waitUntil("server clock moves", () -> store.peek(created.id()).orElseThrow().lastActivity() != null
                && serverMillis() > created.createdAt().toEpochMilli() + 5);
        RedisSession read = store.touch(created.id()).orElseThrow();
        assertThat(read.userId()).isEqualTo("alice");
        assertThat(read.role()).isEqualTo("senior-teller");
        assertThat(read.branchId()).isEqualTo("LDN-01");
        assertThat(read.permissions()).containsExactly("TRANSFER_CREATE", "TRANSFER_APPROVE");
        assertThat(read.userAgent()).isEqualTo("Mozilla/5.0 TellerDesk/7.1");
        assertThat(read.ipAddress()).isEqualTo("203.0.113.77");
        assertThat(new String(read.attribute("note"), StandardCharsets.UTF_8)).isEqualTo("customer-callback-0420");
        assertThat(read.createdAt()).isEqualTo(created.createdAt());
        assertThat(read.lastActivity()).isAfter(created.lastActivity());
        assertThat(read.expiresAt()).isEqualTo(read.lastActivity().plus(Duration.ofMinutes(30)));
        assertThat(read.absoluteExpiresAt()).isEqualTo(created.absoluteExpiresAt());
        long ttl = redis().sync().pttl(store.sessionKey(created.id()));
        assertThat(ttl).isBetween(Duration.ofMinutes(30).toMillis(), Duration.ofMinutes(31).toMillis());
        assertThat(events.created.get()).isEqualTo(1);
    }

    @Test
    void idleSessionExpires() {
        RedisSessionStore store = store(new SessionTimeouts(Duration.ofMillis(1500), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofSeconds(30)), SessionEncryption.disabled());
        RedisSession s = store.create(teller("bob"));
        // peek does not count as activity, so the session idles out.
        waitUntil("session idles out", () -> store.peek(s.id()).isEmpty());
        assertThat(store.touch(s.id())).isEmpty();
        assertThat(events.expiredIdle.get()).isEqualTo(1);
        assertThat(redis().sync().exists(store.sessionKey(s.id()))).isZero();
    }

    @Test
    void absoluteTimeoutEndsAContinuouslyActiveSession() {
        // Idle generous enough that a stalled, loaded build machine does not idle the session out between touches.
        Duration idle = Duration.ofMillis(2000);
        Duration absolute = Duration.ofMillis(5000);
        RedisSessionStore store = store(new SessionTimeouts(idle, absolute, Duration.ofMinutes(5),
                Duration.ofSeconds(30)), SessionEncryption.disabled());
        RedisSession s = store.create(teller("carol"));
        RedisSession last = s;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<RedisSession> touched = store.touch(s.id());
            if (touched.isEmpty()) {
                break;
            }
            last = touched.get();
            sleepQuietly(50);
        }
        // Kept alive by activity well beyond the idle timeout, then ended by the absolute one, not the idle one.
        assertThat(Duration.between(s.createdAt(), last.lastActivity())).isGreaterThan(idle.multipliedBy(2));
        assertThat(last.lastActivity()).isBefore(s.absoluteExpiresAt());
        assertThat(events.expiredAbsolute.get()).isEqualTo(1);
        assertThat(events.expiredIdle.get()).isZero();
        assertThat(store.touch(s.id())).isEmpty();
    }

    @Test
    void rememberMeSessionOutlivesTheNormalLimitsButEndsAtItsOwnAbsoluteDeadline() {
        Duration idle = Duration.ofMillis(800);
        Duration absolute = Duration.ofMillis(1000);
        Duration rememberMe = Duration.ofMillis(5000);
        RedisSessionStore store = store(new SessionTimeouts(idle, absolute, rememberMe, Duration.ofSeconds(30)),
                SessionEncryption.disabled());
        RedisSession normal = store.create(teller("dave"));
        RedisSession remembered = store.create(NewSession.builder().userId("dave").rememberMe(true).build());
        assertThat(remembered.rememberMe()).isTrue();
        assertThat(remembered.idleTimeout()).isEqualTo(rememberMe);
        assertThat(remembered.absoluteExpiresAt()).isEqualTo(remembered.createdAt().plus(rememberMe));

        // Past the normal idle and absolute limits without any activity: only the remember-me session lives.
        waitUntil("normal session ends", () -> store.peek(normal.id()).isEmpty());
        waitUntil("normal absolute limit passes",
                () -> serverMillis() > remembered.createdAt().plus(absolute).toEpochMilli() + 200);
        assertThat(store.peek(remembered.id())).isPresent();

        // Continuous activity cannot carry it past its own absolute deadline.
        RedisSession last = remembered;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<RedisSession> touched = store.touch(remembered.id());
            if (touched.isEmpty()) {
                break;
            }
            last = touched.get();
            sleepQuietly(50);
        }
        assertThat(store.touch(remembered.id())).isEmpty();
        assertThat(last.lastActivity()).isBefore(remembered.absoluteExpiresAt());
        assertThat(events.expiredAbsolute.get()).isEqualTo(1);
    }

    @Test
    void loginWithRememberMeSwitchesAnExistingSessionToTheRememberMePolicy() {
        RedisSessionStore store = store(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8),
                Duration.ofDays(7), Duration.ofSeconds(30)), SessionEncryption.disabled());
        RedisSession s = store.create(NewSession.builder().build());
        assertThat(store.update(s.id(), SessionChanges.builder().userId("erin").rememberMe().build())).isTrue();
        RedisSession read = store.touch(s.id()).orElseThrow();
        assertThat(read.rememberMe()).isTrue();
        assertThat(read.idleTimeout()).isEqualTo(Duration.ofDays(7));
        assertThat(Duration.between(read.createdAt(), read.absoluteExpiresAt()))
                .isBetween(Duration.ofDays(7), Duration.ofDays(7).plusMinutes(1));
        assertThat(redis().sync().pttl(store.sessionKey(s.id()))).isGreaterThan(Duration.ofDays(6).toMillis());
        assertThat(store.sessionsOf("erin")).extracting(RedisSession::id).containsExactly(s.id());
    }

    @Test
    void anAttributeWriteKeepsTheExpiryAndANewIdleTimeoutMovesIt() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("tess"));
        String key = store.sessionKey(s.id());
        store.update(s.id(), SessionChanges.builder().setAttribute("step", utf8("2")).build());
        assertThat(redis().sync().pttl(key)).isGreaterThan(Duration.ofMinutes(30).toMillis());
        store.update(s.id(), SessionChanges.builder().idleTimeout(Duration.ofMinutes(5)).build());
        assertThat(redis().sync().pttl(key)).isBetween(Duration.ofMinutes(5).toMillis(),
                Duration.ofMinutes(6).toMillis());
        RedisSession read = store.touch(s.id()).orElseThrow();
        assertThat(read.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(read.expiresAt()).isEqualTo(read.lastActivity().plus(Duration.ofMinutes(5)));
    }

    @Test
    void sensitiveValuesNeverReachRedisInPlaintext() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("frank"));
        store.update(s.id(), SessionChanges.builder().ipAddress("198.51.100.23")
                .setAttribute("draft", utf8("beneficiary-IBAN-GB29NWBK60161331926819")).build());
        String raw = rawDump(store.sessionKey(s.id()));
        assertThat(raw).doesNotContain("203.0.113.77", "198.51.100.23", "Mozilla", "TellerDesk", "TRANSFER_CREATE",
                "TRANSFER_APPROVE", "customer-callback", "GB29NWBK");
        // Not sensitive by default, so readable in Redis (useful for operations).
        assertThat(raw).contains("senior-teller", "LDN-01");
        RedisSession read = store.touch(s.id()).orElseThrow();
        assertThat(read.ipAddress()).isEqualTo("198.51.100.23");
        assertThat(new String(read.attribute("draft"), StandardCharsets.UTF_8)).contains("GB29NWBK");
    }

    @Test
    void aFlippedCiphertextByteMeansNoSession() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("grace"));
        String key = store.sessionKey(s.id());
        byte[] stored = redis().sync().hget(key, "f:ipAddress");
        stored[stored.length - 5] ^= 0x01;
        redis().sync().hset(key, "f:ipAddress", stored);
        assertThat(store.touch(s.id())).isEmpty();
        assertThat(events.decryptionFailures.get()).isEqualTo(1);
    }

    @Test
    void aValueCopiedFromAnotherSessionFailsAuthentication() {
        RedisSessionStore store = store();
        RedisSession victim = store.create(teller("heidi"));
        RedisSession attacker = store.create(NewSession.builder().userId("mallory").ipAddress("192.0.2.1").build());
        byte[] victimsPermissions = redis().sync().hget(store.sessionKey(victim.id()), "f:permissions");
        redis().sync().hset(store.sessionKey(attacker.id()), "f:permissions", victimsPermissions);
        assertThat(store.touch(attacker.id())).isEmpty();
        assertThat(store.touch(victim.id())).isPresent();
    }

    @Test
    void rotatedKeysStillOpenOldValuesAndNewWritesUseTheActiveKey() {
        RedisSessionStore before = store();
        RedisSessionStore rotated = rotatedStore();
        RedisSessionStore onlyNewKey = store(SessionTimeouts.DEFAULTS,
                SessionEncryption.builder().key("k2", KEY_2).build());

        RedisSession old = before.create(teller("ivan"));
        assertThat(rotated.touch(old.id()).orElseThrow().ipAddress()).isEqualTo("203.0.113.77");
        assertThat(onlyNewKey.touch(old.id())).isEmpty();

        rotated.update(old.id(), SessionChanges.builder().ipAddress("198.51.100.9").build());
        byte[] rewritten = redis().sync().hget(rotated.sessionKey(old.id()), "f:ipAddress");
        assertThat(new String(rewritten, 2, 2, StandardCharsets.US_ASCII)).isEqualTo("k2");
        RedisSession fresh = rotated.create(teller("ivan"));
        byte[] freshValue = redis().sync().hget(rotated.sessionKey(fresh.id()), "f:userAgent");
        assertThat(new String(freshValue, 2, 2, StandardCharsets.US_ASCII)).isEqualTo("k2");
        assertThat(onlyNewKey.touch(fresh.id()).orElseThrow().userAgent()).isEqualTo("Mozilla/5.0 TellerDesk/7.1");
    }

    @Test
    void listingOnAnInstanceWithoutTheNewKeyKeepsTheSessionIndexed() {
        // A rolling key rotation: this instance has k1 only, the other seals with k2.
        RedisSessionStore rotated = rotatedStore();
        RedisSessionStore lagging = store(); // not yet given k2
        RedisSession s = rotated.create(teller("abby"));

        // Unreadable here, so not listed, but the entry stays: the session still exists.
        assertThat(lagging.sessionsOf("abby")).isEmpty();
        assertThat(rotated.indexedIds("abby")).containsExactly(s.id());
        assertThat(rotated.sessionsOf("abby")).extracting(RedisSession::id).containsExactly(s.id());
        assertThat(rotated.invalidateAll("abby")).isEqualTo(1);
        assertThat(rotated.touch(s.id())).isEmpty();
    }

    @Test
    void listingDropsAnEntryLeftBehindForASessionNowOfAnotherUser() {
        RedisSessionStore rotated = rotatedStore();
        RedisSessionStore lagging = store(); // not yet given k2
        RedisSession s = rotated.create(teller("bert"));
        // An entry in cleo's index (an index update lost in a crash, say) for a session that is bert's.
        redis().sync().zadd(rotated.userIndexKey("cleo"), (double) s.absoluteExpiresAt().toEpochMilli(), utf8(s.id()));
        // Even where the session cannot be decrypted, its stored index key shows it is not cleo's.
        assertThat(lagging.sessionsOf("cleo")).isEmpty();
        assertThat(rotated.indexedIds("cleo")).isEmpty();
        assertThat(rotated.indexedIds("bert")).containsExactly(s.id());
    }

    @Test
    void concurrentAttributeUpdatesFromEightThreadsAreAllKept() throws Exception {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("judy"));
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        SessionChanges change = SessionChanges.builder()
                                .setAttribute("t" + thread + "-" + i, utf8("v" + i)).build();
                        if (thread % 2 == 0) {
                            // A request that reads, then writes its own change, as a web request would...
                            store.touch(s.id()).orElseThrow();
                            assertThat(store.update(s.id(), change)).isTrue();
                        } else {
                            // ...and one that knows its change beforehand: both in one script.
                            assertThat(store.touch(s.id(), change).orElseThrow().attributes())
                                    .containsKey("t" + thread + "-" + i);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        RedisSession read = store.touch(s.id()).orElseThrow();
        assertThat(read.attributes()).hasSize(threads * perThread + 1);
        assertThat(new String(read.attribute("t7-39"), StandardCharsets.UTF_8)).isEqualTo("v39");
    }

    @Test
    void touchWithChangesWritesThemInTheSameStepAndAnswersWithTheSessionAfterThem() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("uma"));
        store.update(s.id(), SessionChanges.builder().setAttribute("old", utf8("1")).build());
        waitUntil("server clock moves", () -> serverMillis() > s.lastActivity().toEpochMilli() + 5);

        RedisSession read = store.touch(s.id(), SessionChanges.builder().ipAddress("198.51.100.4")
                .permissions(null).setAttribute("step", utf8("3")).removeAttribute("old").build()).orElseThrow();
        assertThat(read.ipAddress()).isEqualTo("198.51.100.4");
        assertThat(read.permissions()).isEmpty();
        assertThat(read.userAgent()).isEqualTo("Mozilla/5.0 TellerDesk/7.1");
        assertThat(read.attributes()).containsOnlyKeys("note", "step");
        assertThat(read.lastActivity()).isAfter(s.lastActivity());
        assertThat(read.expiresAt()).isEqualTo(read.lastActivity().plus(Duration.ofMinutes(30)));
        assertThat(redis().sync().pttl(store.sessionKey(s.id()))).isGreaterThan(Duration.ofMinutes(30).toMillis());

        RedisSession again = store.peek(s.id()).orElseThrow();
        assertThat(again.ipAddress()).isEqualTo("198.51.100.4");
        assertThat(again.permissions()).isEmpty();
        assertThat(again.attributes()).containsOnlyKeys("note", "step");
        assertThat(again.lastActivity()).isEqualTo(read.lastActivity());
        assertThat(rawDump(store.sessionKey(s.id()))).doesNotContain("198.51.100.4");
    }

    @Test
    void touchWithChangesAppliesRememberMeAndMovesTheUserBetweenIndexes() {
        RedisSessionStore store = store(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8),
                Duration.ofDays(7), Duration.ofSeconds(30)), SessionEncryption.disabled());
        RedisSession s = store.create(NewSession.builder().userId("vera").build());
        RedisSession read = store.touch(s.id(), SessionChanges.builder().userId("wade").rememberMe().build())
                .orElseThrow();
        assertThat(read.userId()).isEqualTo("wade");
        assertThat(read.rememberMe()).isTrue();
        assertThat(read.idleTimeout()).isEqualTo(Duration.ofDays(7));
        assertThat(read.absoluteExpiresAt()).isEqualTo(read.lastActivity().plus(Duration.ofDays(7)));
        assertThat(redis().sync().pttl(store.sessionKey(s.id()))).isGreaterThan(Duration.ofDays(6).toMillis());
        assertThat(store.indexedIds("vera")).isEmpty();
        assertThat(store.sessionsOf("wade")).extracting(RedisSession::absoluteExpiresAt)
                .containsExactly(read.absoluteExpiresAt());

        RedisSession idle = store.touch(s.id(), SessionChanges.builder().idleTimeout(Duration.ofMinutes(5)).build())
                .orElseThrow();
        assertThat(idle.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(idle.expiresAt()).isEqualTo(idle.lastActivity().plus(Duration.ofMinutes(5)));
        assertThat(redis().sync().pttl(store.sessionKey(s.id()))).isBetween(Duration.ofMinutes(5).toMillis(),
                Duration.ofMinutes(6).toMillis());
    }

    @Test
    void touchWithChangesOnAnEndedSessionWritesNothing() {
        RedisSessionStore store = store(new SessionTimeouts(Duration.ofMillis(300), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofSeconds(30)), SessionEncryption.disabled());
        RedisSession s = store.create(teller("xena"));
        waitUntil("session idles out", () -> serverMillis() > s.expiresAt().toEpochMilli());
        SessionChanges late = SessionChanges.builder().setAttribute("late", utf8("x")).build();
        assertThat(store.touch(s.id(), late)).isEmpty();
        assertThat(events.expiredIdle.get()).isEqualTo(1);
        assertThat(redis().sync().exists(store.sessionKey(s.id()))).isZero();
        assertThat(store.touch(s.id(), late)).isEmpty();
        assertThat(redis().sync().exists(store.sessionKey(s.id()))).isZero();
    }

    @Test
    void removedAttributesAreDeletedAndOthersKept() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("ken"));
        store.update(s.id(), SessionChanges.builder().setAttribute("a", utf8("1")).setAttribute("b", utf8("2")).build());
        store.update(s.id(), SessionChanges.builder().removeAttribute("a").build());
        assertThat(store.touch(s.id()).orElseThrow().attributes()).containsOnlyKeys("note", "b");
    }

    @Test
    void updatingAnEndedSessionDoesNotResurrectIt() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("leo"));
        assertThat(store.invalidate(s.id())).isTrue();
        assertThat(store.update(s.id(), SessionChanges.builder().setAttribute("late", utf8("x")).build())).isFalse();
        assertThat(redis().sync().exists(store.sessionKey(s.id()))).isZero();
        assertThat(events.invalidated.get()).isEqualTo(1);
    }

    @Test
    void logOutEverywhereEndsAllOfTheUsersSessionsOnly() {
        RedisSessionStore store = store();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(store.create(teller("mia")).id());
        }
        String other = store.create(teller("ned")).id();
        assertThat(store.sessionsOf("mia")).extracting(RedisSession::id).containsExactlyInAnyOrderElementsOf(mine);

        assertThat(store.invalidateAll("mia")).isEqualTo(3);
        for (String id : mine) {
            assertThat(store.touch(id)).isEmpty();
        }
        assertThat(store.sessionsOf("mia")).isEmpty();
        assertThat(redis().sync().exists(store.userIndexKey("mia"))).isZero();
        assertThat(store.touch(other)).isPresent();
        assertThat(events.invalidated.get()).isEqualTo(3);
    }

    @Test
    void logOutEverywhereLeavesASessionOfAnotherUserAlone() {
        RedisSessionStore store = store();
        RedisSession hers = store.create(teller("fern"));
        RedisSession his = store.create(teller("gus"));
        // A leftover entry in gus's index (an index update lost in a crash, say) for fern's session.
        redis().sync().zadd(store.userIndexKey("gus"), (double) hers.absoluteExpiresAt().toEpochMilli(),
                utf8(hers.id()));

        assertThat(store.invalidateAll("gus")).isEqualTo(1);
        assertThat(store.touch(his.id())).isEmpty();
        assertThat(store.touch(hers.id())).isPresent();
        assertThat(store.indexedIds("fern")).containsExactly(hers.id());
        assertThat(store.indexedIds("gus")).isEmpty();
    }

    @Test
    void userIndexIsCleanedOfExpiredSessions() {
        RedisSessionStore store = store(new SessionTimeouts(Duration.ofMillis(700), Duration.ofMillis(1500),
                Duration.ofMinutes(5), Duration.ZERO), SessionEncryption.disabled());
        RedisSession a = store.create(teller("olga"));
        RedisSession b = store.create(teller("olga"));
        store.invalidate(b.id());
        assertThat(store.indexedIds("olga")).containsExactly(a.id());
        waitUntil("session idles out", () -> store.peek(a.id()).isEmpty());
        // Idle-expired: the listing notices the session is gone and drops the entry.
        assertThat(store.sessionsOf("olga")).isEmpty();
        assertThat(store.indexedIds("olga")).isEmpty();

        // Absolute-expired entries go by score even without a listing; the index key itself expires then too.
        RedisSession c = store.create(teller("olga"));
        waitUntil("absolute deadline passes", () -> serverMillis() > c.absoluteExpiresAt().toEpochMilli() + 100);
        assertThat(store.indexedIds("olga")).isEmpty();
        assertThat(redis().sync().exists(store.userIndexKey("olga"))).isZero();
    }

    @Test
    void changeIdMovesTheSessionAndTheOldIdStopsWorking() {
        RedisSessionStore store = store();
        RedisSession s = store.create(teller("pat"));
        RedisSession moved = store.changeId(s.id()).orElseThrow();
        assertThat(moved.id()).isNotEqualTo(s.id());
        assertThat(store.touch(s.id())).isEmpty();
        assertThat(store.update(s.id(), SessionChanges.builder().setAttribute("x", utf8("y")).build())).isFalse();
        assertThat(redis().sync().exists(store.sessionKey(s.id()))).isZero();

        RedisSession read = store.touch(moved.id()).orElseThrow();
        assertThat(read.ipAddress()).isEqualTo("203.0.113.77");
        assertThat(read.permissions()).containsExactly("TRANSFER_CREATE", "TRANSFER_APPROVE");
        assertThat(read.createdAt()).isEqualTo(s.createdAt());
        assertThat(read.absoluteExpiresAt()).isEqualTo(s.absoluteExpiresAt());
        assertThat(store.indexedIds("pat")).containsExactly(moved.id());
        assertThat(store.changeId(s.id())).isEmpty();
    }

    @Test
    void changingTheUserMovesTheSessionBetweenIndexes() {
        RedisSessionStore store = store();
        RedisSession s = store.create(NewSession.builder().build());
        assertThat(store.indexedIds("quinn")).isEmpty();
        store.update(s.id(), SessionChanges.builder().userId("quinn").build());
        assertThat(store.sessionsOf("quinn")).extracting(RedisSession::id).containsExactly(s.id());
        store.update(s.id(), SessionChanges.builder().userId("rita").build());
        assertThat(store.indexedIds("quinn")).isEmpty();
        assertThat(store.sessionsOf("rita")).extracting(RedisSession::id).containsExactly(s.id());
    }

    @Test
    void malformedOrHostileIdsAreNoSessionWithoutTouchingRedis() {
        RedisSessionStore store = store();
        for (String id : new String[] {null, "", "short", "*", "abc{def}ghijklmnopq", "../../etc/passwd-xxxxxxx",
                "0123456789abcdef:0123", "x".repeat(200)}) {
            assertThat(store.touch(id)).isEmpty();
            assertThat(store.invalidate(id)).isFalse();
            assertThat(store.changeId(id)).isEmpty();
        }
        assertThatIllegalArgumentException().isThrownBy(() -> NewSession.builder().id("*"));
    }

    @Test
    void longerIdsFromAnotherGenerator() {
        RedisSessionStore store = RedisSessionStore.builder(redis()).idGenerator(SessionIdGenerator.randomBytes(32))
                .build();
        RedisSession s = store.create(teller("sam"));
        assertThat(s.id()).hasSize(43);
        assertThat(store.touch(s.id())).isPresent();
    }

    @Test
    void aKeyNamingWithoutRoomForTheLongestIdIsRefusedAtConstruction() {
        // remit:session:data:{<128 characters>} is 149 bytes.
        assertThat(RedisSessionStore.longestKeyLength(KeyNaming.withPrefix("remit"))).isEqualTo(149);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisSessionStore.builder(redis()).keyNaming(new KeyNaming("remit", 148, ':')).build())
                .withMessageContaining("remit.redis.max-key-length").withMessageContaining("148")
                .withMessageContaining("149");
        // At exactly the limit the longest id works.
        RedisSessionStore tight = RedisSessionStore.builder(redis()).keyNaming(new KeyNaming("remit", 149, ':'))
                .build();
        String longest = "L".repeat(128);
        tight.create(NewSession.builder().id(longest).userId("lars").build());
        assertThat(tight.touch(longest).orElseThrow().userId()).isEqualTo("lars");
        assertThat(tight.invalidate(longest)).isTrue();
    }

    @Test
    void aSeparatorThatIsAnIdCharacterIsRefusedAtConstruction() {
        for (char separator : new char[] {'-', '_'}) {
            assertThatIllegalArgumentException().isThrownBy(() -> RedisSessionStore.builder(redis())
                    .keyNaming(new KeyNaming("remit", 512, separator)).build())
                    .withMessageContaining("separator '" + separator + "'");
        }
        RedisSessionStore dotted = RedisSessionStore.builder(redis()).keyNaming(new KeyNaming("remit", 512, '.'))
                .build();
        RedisSession s = dotted.create(teller("dora"));
        assertThat(dotted.sessionKey(s.id())).isEqualTo("remit.session.data.{" + s.id() + "}");
        assertThat(dotted.touch(s.id())).isPresent();
    }

    @Test
    void aKeyThatCannotBeBuiltNeverQuotesTheId() {
        RedisSessionStore store = store();
        String id = "0123456789abcdef{secret-part}";
        assertThatIllegalArgumentException().isThrownBy(() -> store.sessionKey(id))
                .withMessageNotContaining("0123456789abcdef").withMessageNotContaining("secret-part");
    }

    // ------------------------------------------------------------------ helpers

    long serverMillis() {
        List<byte[]> time = redis().sync().time();
        return Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
                + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
    }

    String rawDump(String key) {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, byte[]> e : redis().sync().hgetall(key).entrySet()) {
            all.append(e.getKey()).append('=').append(new String(e.getValue(), StandardCharsets.ISO_8859_1))
                    .append('\n');
        }
        return all.toString();
    }

    static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            sleepQuietly(25);
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    static final class CountingListener implements SessionStoreListener {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger expiredIdle = new AtomicInteger();
        final AtomicInteger expiredAbsolute = new AtomicInteger();
        final AtomicInteger invalidated = new AtomicInteger();
        final AtomicInteger decryptionFailures = new AtomicInteger();
        final Map<Boolean, AtomicInteger> touches = new ConcurrentHashMap<>();

        @Override
        public void created() {
            created.incrementAndGet();
        }

        @Override
        public void expired(ExpiryReason reason) {
            (reason == ExpiryReason.IDLE ? expiredIdle : expiredAbsolute).incrementAndGet();
        }

        @Override
        public void invalidated(int count) {
            invalidated.addAndGet(count);
        }

        @Override
        public void decryptionFailed() {
            decryptionFailures.incrementAndGet();
        }

        @Override
        public void touched(long nanos, boolean found) {
            touches.computeIfAbsent(found, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    static List<String> sorted(List<String> in) {
        List<String> copy = new ArrayList<>(in);
        Collections.sort(copy);
        return copy;
    }
}
